import { readFile } from 'node:fs/promises';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { ResolvedConnection } from '@lava/connectors';
import { ConnectionsRepository } from './aws';
import type { CliContext } from './cli-context';
import { CliError, NotFoundError, UsageError } from './errors';

/**
 * Resolves a realm connection with the operator's credentials: the record from the realm's
 * connections table, SSM secrets read (decrypted) by the caller. Fails unless it is of `kind`.
 */
export async function resolveRealmConnection<K extends ResolvedConnection['kind']>(
  ctx: CliContext,
  connId: string,
  kind: K,
): Promise<Extract<ResolvedConnection, { kind: K }>> {
  const spec = await new ConnectionsRepository(ctx.clients().dynamo, ctx.realm()).get(connId);
  if (!spec) throw new NotFoundError('connection', connId);
  const { createDefaultRegistry } = await import('@lava/connectors');
  const ssm = ctx.clients().ssm;
  const resolved = await createDefaultRegistry().resolve(spec as never, {
    secrets: {
      async ssmParameter(name) {
        try {
          const out = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
          return out.Parameter?.Value ?? '';
        } catch (err) {
          throw new CliError(
            'SECRET_UNAVAILABLE',
            `SSM parameter ${name} cannot be read: ${(err as Error).name}`,
          );
        }
      },
      secretsManager: () =>
        Promise.reject(new CliError('SECRET_UNAVAILABLE', `${kind} connections use SSM only`)),
    },
  });
  if (resolved.kind !== kind) throw new UsageError(`Connection ${connId} is not a ${kind} connection`);
  return resolved as Extract<ResolvedConnection, { kind: K }>;
}

/**
 * The connection a notify command uses: `--conn-file` (a resolved connection a job's
 * `$LAVA_CONN_<LABEL>` helper hands over, already read by the worker under the run's grant) or
 * `-c conn_id` (read from the realm with the operator's credentials).
 */
export async function commandConnection<K extends 'email' | 'slack'>(
  ctx: CliContext,
  opts: { connId?: string; connFile?: string },
  kind: K,
): Promise<Extract<ResolvedConnection, { kind: K }>> {
  if ((opts.connId === undefined) === (opts.connFile === undefined))
    throw new UsageError('Give one of -c/--conn-id and --conn-file');
  if (opts.connId !== undefined) return resolveRealmConnection(ctx, opts.connId, kind);
  let parsed: { kind?: unknown };
  try {
    parsed = JSON.parse(await readFile(opts.connFile!, 'utf8')) as { kind?: unknown };
  } catch (err) {
    throw new UsageError(`--conn-file ${opts.connFile}: cannot read it (${(err as Error).name})`);
  }
  if (parsed?.kind !== kind) throw new UsageError(`--conn-file ${opts.connFile} is not a ${kind} connection`);
  return parsed as Extract<ResolvedConnection, { kind: K }>;
}
