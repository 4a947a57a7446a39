import { JobFailedError, type HandlerContext, type HandlerResult, runConfig } from '@lava/core';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CONNECTION_DIR,
  renderConnectionEnv,
  withAppName,
  type ConnectionEnv,
  type ResolvedConnection,
  type ResolvedEmailConnection,
} from '@lava/connectors';
import { connAppName, HandlerRegistry, type JobHandler } from '@lava/handlers';

/** Job types whose `parameters.connections` reach the executable (docker: mounted read-only). */
export const CONNECTION_ENV_TYPES = ['exe', 'pkg', 'docker'] as const;

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
        // conn.env holds `LAVA_CONN_<LABEL>` too: the connectors' helper executable.
        Object.assign(env, conn.env, { [`LAVA_CONNID_${label.toUpperCase()}`]: connId });
      }
      return await this.inner.run({ ...ctx, jobEnv: { ...ctx.jobEnv, ...env } });
    } finally {
      await Promise.all(rendered.map((c) => c.cleanup()));
    }
  }
}

/** Where in the run directory connection files live (defined in `@lava/connectors`). */
export { CONNECTION_DIR };

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
    const resolved = (await ctx.connections.get(connId)) as unknown as ResolvedConnection;
    // Helpers identify their sessions like the in-process jobs do (PGAPPNAME from CONN_APP_NAME).
    if (resolved.kind === 'database') return withAppName(resolved, await connAppName(ctx, connId));
    return resolved.kind === 'email' ? withSesDefaults(resolved, ctx) : resolved;
  } catch (err) {
    if (err instanceof JobFailedError) throw err;
    throw new JobFailedError('CONNECTION_UNAVAILABLE', `Connection ${connId}: ${(err as Error).message}`, {
      exit_status: 1,
    });
  }
}

/**
 * The realm's `SES_FROM` (sender) and, for `ses` connections, `SES_REGION` and
 * `SES_CONFIGURATION_SET`, filled in where the connection leaves them out: the job's
 * `$LAVA_CONN_<LABEL>` email helper then sends as the realm's email actions do.
 */
function withSesDefaults(r: ResolvedEmailConnection, ctx: HandlerContext): ResolvedEmailConnection {
  const from = r.email.from ?? runConfig(ctx, 'SES_FROM');
  if (r.email.subtype !== 'ses') return { ...r, email: { ...r.email, from } };
  const region = r.email.region ?? runConfig(ctx, 'SES_REGION');
  const configurationSet = r.email.configurationSet ?? runConfig(ctx, 'SES_CONFIGURATION_SET');
  return { ...r, email: { ...r.email, from, region, configurationSet } };
}
