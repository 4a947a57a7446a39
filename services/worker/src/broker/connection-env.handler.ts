import { JobFailedError, type HandlerContext, type HandlerResult } from '@lava/core';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderConnectionEnv, type ConnectionEnv, type ResolvedConnection } from '@lava/connectors';
import { HandlerRegistry, type JobHandler } from '@lava/handlers';

/** Job types whose `parameters.connections` reach the executable. */
export const CONNECTION_ENV_TYPES = ['exe', 'pkg'] as const;

/**
 * Gives exe/pkg executables their `parameters.connections` (label → conn_id) without putting a
 * credential in the environment or argv: each connection is fetched from the broker under the run
 * grant, secrets go to 0600 files in a 0700 directory inside the run's own directory (the only
 * host directory the run's sandbox shows, and one no other run can see), and the child gets
 * `LAVA_CONNID_<LABEL>`, `LAVA_CONN_<LABEL>` (a helper script that runs the database client with
 * those files) and `LAVA_CONN_<LABEL>_*` settings/file paths. Everything is removed when the run
 * ends, also on failure.
 */
export class ConnectionEnvHandler implements JobHandler {
  readonly type: string;

  constructor(private readonly inner: JobHandler) {
    this.type = inner.type;
  }

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const labels = connectionLabels(ctx.job.parameters.connections);
    if (labels.length === 0) return this.inner.run(ctx);
    const tmpRoot = join(ctx.runDir, CONNECTION_DIR);
    await mkdir(tmpRoot, { recursive: true, mode: 0o700 });
    const rendered: ConnectionEnv[] = [];
    try {
      const env: Record<string, string> = {};
      for (const [label, connId] of labels) {
        const resolved = await fetchConnection(ctx, connId);
        const conn = await renderConnectionEnv(label, resolved, { tmpRoot });
        rendered.push(conn);
        const upper = label.toUpperCase();
        Object.assign(env, conn.env, { [`LAVA_CONNID_${upper}`]: connId });
        const helper = await writeHelper(conn, upper, resolved);
        if (helper) env[`LAVA_CONN_${upper}`] = helper;
      }
      return await this.inner.run({ ...ctx, jobEnv: { ...ctx.jobEnv, ...env } });
    } finally {
      await Promise.all(rendered.map((c) => c.cleanup()));
    }
  }
}

/** Where in the run directory connection files live. */
export const CONNECTION_DIR = '.lava-conn';

/** A registry where exe and pkg get connection environments; every other handler is unchanged. */
export function withConnectionEnv(registry: HandlerRegistry): HandlerRegistry {
  const wrapped = new HandlerRegistry();
  for (const type of registry.types()) {
    const handler = registry.get(type);
    wrapped.register(
      (CONNECTION_ENV_TYPES as readonly string[]).includes(type)
        ? new ConnectionEnvHandler(handler)
        : handler,
    );
  }
  return wrapped;
}

function connectionLabels(raw: unknown): Array<[string, string]> {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new JobFailedError(
      'BAD_JOB_PARAMETERS',
      'Bad job parameters: connections must be a map of label to conn_id',
    );
  return Object.entries(raw as Record<string, unknown>).map(([label, connId]) => {
    if (!/^\w+$/.test(label))
      throw new JobFailedError('BAD_CONNECTION_LABEL', `Bad connection label: ${label}`);
    if (typeof connId !== 'string' || connId === '')
      throw new JobFailedError(
        'BAD_JOB_PARAMETERS',
        `Bad job parameters: connections.${label} must be a conn_id`,
      );
    return [label, connId];
  });
}

async function fetchConnection(ctx: HandlerContext, connId: string): Promise<ResolvedConnection> {
  try {
    return (await ctx.connections.get(connId)) as unknown as ResolvedConnection;
  } catch (err) {
    if (err instanceof JobFailedError) throw err;
    throw new JobFailedError('CONNECTION_UNAVAILABLE', `Connection ${connId}: ${(err as Error).message}`, {
      exit_status: 1,
    });
  }
}

const PG_DIALECTS = ['postgresql', 'redshift'];

/**
 * Writes `<private dir>/<label>` that runs the right client with the private files; it holds
 * paths only, so `cat`-ing it or `ps` reveals nothing. Undefined for types without a client.
 */
async function writeHelper(
  conn: ConnectionEnv,
  upper: string,
  resolved: ResolvedConnection,
): Promise<string | undefined> {
  const v = (k: string): string => sh(conn.env[`LAVA_CONN_${upper}_${k}`] ?? '');
  let body: string | undefined;
  if (resolved.kind === 'database' && PG_DIALECTS.includes(resolved.dialect)) {
    body = `PGPASSFILE=${v('PGPASSFILE')} PGSSLMODE=${v('SSLMODE')} exec psql -h ${v('HOST')} -p ${v('PORT')} -U ${v('USER')} -d ${v('DATABASE')} --no-psqlrc --quiet --set ON_ERROR_STOP=on --pset footer=off "$@"`;
  } else if (resolved.kind === 'database' && resolved.dialect === 'mysql') {
    body = `exec mysql --defaults-extra-file=${v('MYSQL_DEFAULTS_FILE')} --batch --host=${v('HOST')} --port=${v('PORT')} --connect-timeout=10 ${resolved.db.database ? `--database=${v('DATABASE')} ` : ''}"$@"`;
  } else if (resolved.kind === 'database' && resolved.dialect === 'sqlite3') {
    body = `exec sqlite3 -bail -batch "$@" ${v('HOST')}`;
  } else if (resolved.kind === 'aws') {
    body = `AWS_SHARED_CREDENTIALS_FILE=${v('AWS_SHARED_CREDENTIALS_FILE')} ${resolved.region ? `AWS_DEFAULT_REGION=${sh(resolved.region)} ` : ''}exec aws "$@"`;
  }
  if (body === undefined) return undefined;
  const path = join(conn.dir, `helper-${upper.toLowerCase()}`);
  await writeFile(path, `#!/bin/sh\n${body}\n`, { mode: 0o700, flag: 'wx' });
  await chmod(path, 0o700);
  return path;
}

/** Single-quote for sh. */
function sh(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
