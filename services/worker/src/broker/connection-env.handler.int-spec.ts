import { JobFailedError, type HandlerContext } from '@lava/core';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { createDefaultRegistry, type ConnectionSpec } from '@lava/connectors';
import { InMemorySecrets } from '@lava/connectors/testing';
import { HandlerRegistry, type JobHandler } from '@lava/handlers';
import { findSecret } from '@lava/testing';
import { ConnectionEnvHandler, withConnectionEnv } from './connection-env.handler';

const run = promisify(execFile);
const PG_PASSWORD = "pg-'Secret':x\\1";
const specs: Record<string, ConnectionSpec> = {
  dw: {
    conn_id: 'dw',
    type: 'postgres',
    enabled: true,
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    database: 'test',
    ssl: false,
    password: '/lava/t/dw',
  },
  shop: {
    conn_id: 'shop',
    type: 'mariadb',
    enabled: true,
    host: '127.0.0.1',
    port: 3306,
    user: 'root',
    database: 'test',
    password: '/lava/t/shop',
  },
};
const secrets = new InMemorySecrets({ '/lava/t/dw': PG_PASSWORD, '/lava/t/shop': '' });
const registry = createDefaultRegistry();

/** The least of a HandlerContext the wrapper and the probe below touch. */
function context(connections: Record<string, unknown>, runDir: string): HandlerContext {
  return {
    job: {
      job_id: 'etl',
      run_id: 'r-1',
      realm: 't',
      worker: 'core',
      type: 'exe',
      parameters: { connections },
    },
    runDir,
    baseEnv: { PATH: process.env.PATH },
    config: () => undefined,
    // Enough Jinja for CONN_APP_NAME's default template.
    renderer: {
      render: (t: string, _field: string, extra: Record<string, unknown> = {}) =>
        t.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => String(extra[k])),
    },
    connections: {
      get: async (connId: string) =>
        ({ ...(await registry.resolve(specs[connId]!, { secrets })) }) as unknown as Record<string, unknown>,
    },
  } as unknown as HandlerContext;
}

/** Stands in for exe: runs the helpers the way a user script would, with only the env it is given. */
class ProbeHandler implements JobHandler {
  readonly type = 'exe';
  seen: Record<string, string | undefined> = {};
  async run(ctx: HandlerContext) {
    this.seen = { ...ctx.jobEnv };
    const env = { ...ctx.baseEnv, ...ctx.jobEnv } as NodeJS.ProcessEnv;
    const pg = await run(
      env.LAVA_CONN_DW!,
      [
        '-tAc',
        "select current_user || ' ' || application_name from pg_stat_activity where pid = pg_backend_pid()",
      ],
      { env },
    );
    const my = await run(env.LAVA_CONN_SHOP!, ['-N', '-e', 'select 40 + 2'], { env });
    return { pg: pg.stdout.trim(), mysql: my.stdout.trim() };
  }
}

describe('ConnectionEnvHandler (exe/pkg connections on real PostgreSQL and MariaDB)', () => {
  const runDir = mkdtempSync(join(tmpdir(), 'lava-run-test-'));

  it('hands executables helpers and ids, keeps credentials out of env/argv/run dir, and cleans up', async () => {
    const probe = new ProbeHandler();
    const result = await new ConnectionEnvHandler(probe).run(context({ dw: 'dw', shop: 'shop' }, runDir));
    // The helper's session carries the run's CONN_APP_NAME (lv-<realm>-<job_id>) through PGAPPNAME.
    expect(result).toEqual({ pg: 'postgres lv-t-etl', mysql: '42' });
    expect(probe.seen).toMatchObject({
      LAVA_CONNID_DW: 'dw',
      LAVA_CONNID_SHOP: 'shop',
      LAVA_CONN_DW_HOST: '127.0.0.1',
      LAVA_CONN_DW_USER: 'postgres',
    });
    const helper = probe.seen.LAVA_CONN_DW!;
    // Inside the run's own directory (the sandbox shows a run nothing else of the host).
    expect(helper.startsWith(join(runDir, '.lava-conn') + '/')).toBe(true);
    expect(existsSync(helper)).toBe(false);
    expect(existsSync(probe.seen.LAVA_CONN_DW_PASSWORD_FILE!)).toBe(false);
    expect(await findSecret(PG_PASSWORD, { logs: [JSON.stringify(probe.seen)] })).toEqual([]);
    expect(statSync(runDir).isDirectory()).toBe(true);
  });

  it('writes helpers that hold paths only, with private file modes', async () => {
    let helperText = '';
    let modes: number[] = [];
    const inspect: JobHandler = {
      type: 'pkg',
      run: async (ctx) => {
        const helper = ctx.jobEnv!.LAVA_CONN_DB!;
        helperText = readFileSync(helper, 'utf8');
        modes = [
          helper,
          ctx.jobEnv!.LAVA_CONN_DB_PASSWORD_FILE!,
          dirname(helper),
          join(runDir, '.lava-conn'),
        ].map((p) => statSync(p).mode & 0o777);
        expect(readFileSync(ctx.jobEnv!.LAVA_CONN_DB_PASSWORD_FILE!, 'utf8')).toBe(PG_PASSWORD);
        return {};
      },
    };
    await new ConnectionEnvHandler(inspect).run(context({ db: 'dw' }, runDir));
    // The connectors' helper (the one the library writes; no second copy here).
    expect(helperText).toMatch(
      /^#!\/bin\/sh\n# Lava connection helper db \(postgres dw\)\n\[ -n "\$PGAPPNAME" \] \|\| PGAPPNAME='lv-t-etl'\nexport PGAPPNAME\nPGPASSFILE='.*' PGSSLMODE='disable' .*exec psql /,
    );
    expect(await findSecret(PG_PASSWORD, { logs: [helperText] })).toEqual([]);
    expect(modes).toEqual([0o700, 0o600, 0o700, 0o700]);
  });

  it('rejects bad labels and passes broker refusals through as the job failure', async () => {
    const noop: JobHandler = { type: 'exe', run: async () => ({}) };
    const handler = new ConnectionEnvHandler(noop);
    await expect(handler.run(context({ 'bad-label': 'dw' }, runDir))).rejects.toMatchObject({
      code: 'BAD_CONNECTION_LABEL',
    });
    const refused = context({ db: 'prod' }, runDir);
    refused.connections = {
      get: async () => {
        throw new JobFailedError(
          'CONNECTION_REFUSED',
          'secrets broker refused connection prod (HTTP 403, GRANT_CONNECTION_NOT_NAMED)',
        );
      },
    };
    await expect(handler.run(refused)).rejects.toMatchObject({ code: 'CONNECTION_REFUSED' });
  });

  it('wraps exe and pkg only', () => {
    const mk = (type: string): JobHandler => ({ type, run: async () => ({}) });
    const wrapped = withConnectionEnv(new HandlerRegistry([mk('exe'), mk('pkg'), mk('cmd')]));
    expect(wrapped.get('exe')).toBeInstanceOf(ConnectionEnvHandler);
    expect(wrapped.get('pkg')).toBeInstanceOf(ConnectionEnvHandler);
    expect(wrapped.get('cmd')).not.toBeInstanceOf(ConnectionEnvHandler);
  });
});
