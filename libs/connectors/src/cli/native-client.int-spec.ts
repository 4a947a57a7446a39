import { spawn } from 'node:child_process';
import { openSync, closeSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderConnectionEnv } from './connection-env';
import { nativeClientCommand, type NativeClientCommand } from './native-client';
import {
  MARIA_SPEC,
  openTest,
  PG_SPEC,
  resolveTest,
  sqliteSpec,
  TEST_PASSWORD,
  uniqueName,
} from '../testing/test-databases';

// The worker's PATH is the boundary input here (tests stand in for the worker's config).
const PATH = process.env['PATH'] ?? '/usr/bin:/bin';
let root: string;
beforeAll(() => (root = mkdtempSync(join(tmpdir(), 'lava-cli-int-'))));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(
  cmd: { command: string; args: string[]; env: Record<string, string> },
  stdinFile?: string,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const fd = stdinFile === undefined ? 'ignore' : openSync(stdinFile, 'r');
    const child = spawn(cmd.command, cmd.args, { env: { PATH, ...cmd.env }, stdio: [fd, 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (typeof fd === 'number') closeSync(fd);
      resolve({ code, out, err });
    });
  });
}

function sqlFile(text: string): string {
  const p = join(root, `${uniqueName('q')}.sql`);
  writeFileSync(p, text);
  return p;
}

describe('native clients (sqlc)', () => {
  const cleanups: NativeClientCommand[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c.cleanup();
  });

  it('psql runs the file, stops on the first error and sets the app name', async () => {
    const t = uniqueName('lv_sqlc');
    const file = sqlFile(
      `CREATE TABLE ${t} (a int);\nINSERT INTO ${t} VALUES (1);\nSELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid();\nSELECT * FROM ${t}_missing;\nDROP TABLE ${t};\n`,
    );
    const cmd = await nativeClientCommand(await resolveTest(PG_SPEC), {
      tmpRoot: root,
      searchPath: PATH,
      file,
      appName: 'lv-test-sqlc',
      extraArgs: ['--tuples-only', '--no-align'],
    });
    cleanups.push(cmd);
    const res = await run(cmd, cmd.stdinFile);
    expect(res.code).toBe(3); // ON_ERROR_STOP exit status
    expect(res.out).toContain('lv-test-sqlc');
    expect(res.err).toContain(`${t}_missing`);
    expect(cmd.args.join(' ')).not.toContain(TEST_PASSWORD);
    const s = await openTest(PG_SPEC);
    expect((await s.execute(`SELECT a FROM ${t}`)).rows).toEqual([[1]]); // the DROP after the error never ran
    await s.execute(`DROP TABLE ${t}`);
    await s.close();
  });

  it('mysql client (MariaDB flavour) runs in batch mode with the option file', async () => {
    const file = sqlFile('SELECT 40 + 2 AS answer;\n');
    const cmd = await nativeClientCommand(await resolveTest(MARIA_SPEC), {
      tmpRoot: root,
      searchPath: PATH,
      file,
    });
    cleanups.push(cmd);
    expect(cmd.args).toContain('--skip-ssl');
    const res = await run(cmd, cmd.stdinFile);
    expect(res).toMatchObject({ code: 0, out: 'answer\n42\n' });
  });

  it('sqlite3 bails on error', async () => {
    const lite = sqliteSpec();
    try {
      const cmd = await nativeClientCommand(await resolveTest(lite.spec), {
        tmpRoot: root,
        searchPath: PATH,
        file: sqlFile(
          'CREATE TABLE t (a);\nINSERT INTO t VALUES (7);\nSELECT a FROM t;\nSELECT nope FROM t;\nSELECT 99;\n',
        ),
      });
      const res = await run(cmd, cmd.stdinFile);
      expect(res.code).not.toBe(0);
      expect(res.out).toBe('7\n');
    } finally {
      lite.cleanup();
    }
  });
});

describe('connection env for executables', () => {
  it('a shell script reaches PostgreSQL and MariaDB through LAVA_CONN_<LABEL>_* without seeing the password', async () => {
    const pg = await renderConnectionEnv('pg', await resolveTest(PG_SPEC), { tmpRoot: root });
    const my = await renderConnectionEnv('maria', await resolveTest(MARIA_SPEC), { tmpRoot: root });
    try {
      const script = [
        'PGPASSFILE="$LAVA_CONN_PG_PGPASSFILE" psql -X -A -t -h "$LAVA_CONN_PG_HOST" -p "$LAVA_CONN_PG_PORT" -U "$LAVA_CONN_PG_USER" -d "$LAVA_CONN_PG_DATABASE" -c "select 1 + 1"',
        'mysql --defaults-extra-file="$LAVA_CONN_MARIA_MYSQL_DEFAULTS_FILE" -h "$LAVA_CONN_MARIA_HOST" -P "$LAVA_CONN_MARIA_PORT" -N -B "$LAVA_CONN_MARIA_DATABASE" -e "select 2 + 2"',
        'env | grep -c "$(cat "$LAVA_CONN_PG_PASSWORD_FILE")" || true',
      ].join('\n');
      const res = await run({ command: '/bin/sh', args: ['-c', script], env: { ...pg.env, ...my.env } });
      expect(res.err).toBe('');
      expect(res.out).toBe('2\n4\n0\n');
    } finally {
      await pg.cleanup();
      await my.cleanup();
    }
  });
});

describe('$LAVA_CONN_<LABEL> helpers (the original helper executables)', () => {
  it('run each database client with the credentials in place, and print generic attributes', async () => {
    const pg = await renderConnectionEnv('pg', await resolveTest(PG_SPEC), { tmpRoot: root });
    const my = await renderConnectionEnv('maria', await resolveTest(MARIA_SPEC), { tmpRoot: root });
    const liteDb = sqliteSpec();
    const lite = await renderConnectionEnv('lite', await resolveTest(liteDb.spec), { tmpRoot: root });
    const cfg = await renderConnectionEnv(
      'cfg',
      {
        kind: 'generic',
        connId: 'cfg',
        type: 'generic',
        canonicalType: 'generic',
        spec: { conn_id: 'cfg', type: 'generic' },
        attributes: { host: 'api.example', on: true, none: null, 'api-key': 'K3Y' },
        secretAttributes: ['api-key'],
        secretValues: ['K3Y'],
      },
      { tmpRoot: root },
    );
    try {
      const script = [
        '"$LAVA_CONN_PG" -A -t -c "select 1 + 1"',
        '"$LAVA_CONN_MARIA" -N -e "select 2 + 2"',
        'echo "select 3 + 3;" | "$LAVA_CONN_LITE"',
        'echo "$("$LAVA_CONN_CFG" host)|$("$LAVA_CONN_CFG" on)|$("$LAVA_CONN_CFG" none)|$("$LAVA_CONN_CFG" api-key)"',
        '"$LAVA_CONN_CFG" nope; echo "exit $?"',
        '"$LAVA_CONN_CFG"; echo "exit $?"',
      ].join('\n');
      const res = await run({
        command: '/bin/sh',
        args: ['-c', script],
        env: { ...pg.env, ...my.env, ...lite.env, ...cfg.env },
      });
      expect(res.out).toBe('2\n4\n6\napi.example|True|None|K3Y\nexit 1\nexit 1\n');
      expect(res.err).toContain('nope: No such parameter');
      expect(res.err).toContain('Usage:');
      // The helpers hold file paths, never a secret value.
      for (const [e, key] of [
        [pg, 'LAVA_CONN_PG'],
        [my, 'LAVA_CONN_MARIA'],
        [cfg, 'LAVA_CONN_CFG'],
      ] as const) {
        expect(readFileSync(e.env[key]!, 'utf8')).not.toMatch(new RegExp(`${TEST_PASSWORD}|K3Y`));
      }
    } finally {
      for (const e of [pg, my, lite, cfg]) await e.cleanup();
      liteDb.cleanup();
    }
  });
});

describe('$LAVA_CONN_<LABEL> helpers for Oracle (sqlplus) and SQL Server (sqlcmd)', () => {
  // No Oracle or SQL Server client is installed here: stand-in `sqlplus` / `sqlcmd` scripts on
  // PATH record what the helper gives them (argv, stdin, the password variable).
  it('hand the client its logon without the password in argv or the script', async () => {
    const bin = mkdtempSync(join(root, 'bin-'));
    const record = '#!/bin/sh\nprintf "%s\\n" "$0" "$@"; printf "pw=%s\\n" "$SQLCMDPASSWORD"; cat\n';
    for (const name of ['sqlplus', 'sqlcmd']) writeFileSync(join(bin, name), record, { mode: 0o755 });
    const base = { enabled: true, host: 'db.example', user: 'scott', password: '/lava/test/pg' };
    const ora = await renderConnectionEnv(
      'ora',
      await resolveTest({
        ...base,
        conn_id: 'ora',
        type: 'oracle',
        port: 1521,
        service_name: 'ORCL',
        ssl: false,
      }),
      { tmpRoot: root },
    );
    const ms = await renderConnectionEnv(
      'ms',
      await resolveTest(
        { ...base, conn_id: 'ms', type: 'mssql', port: 1433, database: 'sales', ssl: 'require' },
        'lv-r-job',
      ),
      { tmpRoot: root },
    );
    try {
      const res = await run({
        command: '/bin/sh',
        args: [
          '-c',
          'echo "select 1 from dual;" | "$LAVA_CONN_ORA" @x.sql; "$LAVA_CONN_MS" -Q "select 1" </dev/null',
        ],
        env: { PATH: `${bin}:${PATH}`, ...ora.env, ...ms.env },
      });
      expect(res.out).toBe(
        [
          `${bin}/sqlplus`,
          '-NOLOGINTIME',
          '-L',
          '-S',
          'scott@db.example:1521/ORCL',
          '@x.sql',
          'pw=',
          TEST_PASSWORD,
          'select 1 from dual;',
          `${bin}/sqlcmd`,
          '-S',
          'db.example,1433',
          '-U',
          'scott',
          '-d',
          'sales',
          '-N',
          '-C',
          '-H',
          'lv-r-job',
          '-b',
          '-Q',
          'select 1',
          `pw=${TEST_PASSWORD}`,
          '',
        ].join('\n'),
      );
      for (const helper of [ora.env.LAVA_CONN_ORA!, ms.env.LAVA_CONN_MS!])
        expect(readFileSync(helper, 'utf8')).not.toContain(TEST_PASSWORD);
    } finally {
      await ora.cleanup();
      await ms.cleanup();
    }
  });
});
