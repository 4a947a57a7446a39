import { JobFailedError, type HandlerContext, runConfig } from '@lava/core';
import {
  ConnectorError,
  createDefaultRegistry,
  sanitiseMessage,
  withAppName,
  type ConnectorRegistry,
  type ResolvedDbConnection,
  type SqlSession,
} from '@lava/connectors';
import { releasedConnection } from '../released-connection';

let sharedRegistry: ConnectorRegistry | undefined;

/** The connector registry handlers use unless one is injected (tests, custom builds). */
export function defaultRegistry(): ConnectorRegistry {
  sharedRegistry ??= createDefaultRegistry();
  return sharedRegistry;
}

/**
 * The resolved database connection behind `connId`, as released by the secrets broker.
 * Anything that is not a database connection fails the job without echoing the record.
 */
export async function databaseConnection(ctx: HandlerContext, connId: string): Promise<ResolvedDbConnection> {
  const resolved = await releasedConnection(ctx, connId);
  if (resolved?.kind !== 'database' || typeof resolved.db !== 'object' || resolved.db === null) {
    throw new JobFailedError('CONNECTION_UNSUPPORTED', `Connection ${connId} is not a database connection`, {
      exit_status: 1,
    });
  }
  return withAppName(resolved, await connAppName(ctx, connId));
}

/**
 * This run's client application name for `connId`: config `CONN_APP_NAME` (default
 * `lv-{{ realm }}-{{ job_id }}`) rendered with the realm name, job id and conn id. An empty
 * template turns identification off. Every database session of the run carries it.
 */
export async function connAppName(ctx: HandlerContext, connId: string): Promise<string | undefined> {
  const template = runConfig(ctx, 'CONN_APP_NAME');
  if (template.trim() === '') return undefined;
  const name = await ctx.renderer.render(template, 'CONN_APP_NAME', {
    realm: ctx.job.realm,
    job_id: ctx.job.job_id,
    conn_id: connId,
  });
  return name.trim() === '' ? undefined : name.trim();
}

/** An open session plus the secret values to mask in any message about it. */
export interface OpenSession {
  resolved: ResolvedDbConnection;
  session: SqlSession;
}

/** Resolve and connect; connection failures become JobFailedError with a sanitised message. */
export async function openSession(
  ctx: HandlerContext,
  connId: string,
  registry: ConnectorRegistry,
  known?: ResolvedDbConnection,
): Promise<OpenSession> {
  const resolved = known ?? (await databaseConnection(ctx, connId));
  try {
    return { resolved, session: await registry.connect(resolved) };
  } catch (err) {
    throw failureFrom(err, resolved, { exit_status: 1 }, `Connection ${connId}: `);
  }
}

/** Map any error raised while running SQL to a JobFailedError whose message holds no secret. */
export function failureFrom(
  err: unknown,
  resolved: ResolvedDbConnection | undefined,
  data: Record<string, unknown>,
  prefix = '',
): JobFailedError {
  if (err instanceof JobFailedError) return err;
  const secrets = resolved?.secretValues ?? [];
  const message = prefix + errorText(err, secrets);
  const code = err instanceof ConnectorError ? err.code : 'SQL_FAILED';
  const context = err instanceof ConnectorError ? safeContext(err.context, secrets) : {};
  return new JobFailedError(code, message, { ...data, ...context, error: message });
}

function errorText(err: unknown, secrets: readonly string[]): string {
  const text = err instanceof Error ? err.message : String(err);
  return sanitiseMessage(text, secrets);
}

/** Only scalar context fields (statement_index, driver_code, conn_id) travel into error_data. */
function safeContext(
  context: Readonly<Record<string, unknown>>,
  secrets: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(context)) {
    if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'string') out[k] = sanitiseMessage(v, secrets);
  }
  return out;
}

/** Close quietly: a failing close must not hide the job's own error. */
export async function closeQuietly(session: SqlSession | undefined): Promise<void> {
  await session?.close().catch(() => undefined);
}
