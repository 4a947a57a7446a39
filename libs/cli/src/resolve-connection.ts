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
