import { readFile } from 'node:fs/promises';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { ResolvedConnection, SecretResolver } from '@lava/connectors';
import { ConnectionsRepository } from './aws';
import type { CliContext } from './cli-context';
import { CliError, NotFoundError, UsageError } from './errors';

/**
 * Resolves a realm connection with the operator's credentials: the record from the realm's
 * connections table, its secrets read by the caller (SSM parameters decrypted, Secrets Manager
 * secrets). The caller needs IAM read access to those secrets: the secrets broker, which serves
 * runs, does not release secrets to people. Fails unless the connection is of `kind`.
 */
export async function resolveRealmConnection<K extends ResolvedConnection['kind']>(
  ctx: CliContext,
  connId: string,
  kind: K,
): Promise<Extract<ResolvedConnection, { kind: K }>> {
  const spec = await new ConnectionsRepository(ctx.clients().dynamo, ctx.realm()).get(connId);
  if (!spec) throw new NotFoundError('connection', connId);
  const { createDefaultRegistry } = await import('@lava/connectors');
  const resolved = await createDefaultRegistry().resolve(spec as never, {
    secrets: operatorSecrets(ctx),
    region: ctx.clients().config.region,
  });
  if (resolved.kind !== kind) throw new UsageError(`Connection ${connId} is not a ${kind} connection`);
  return resolved as Extract<ResolvedConnection, { kind: K }>;
}

/** Secrets read with the operator's own credentials. Errors name the secret, never a value. */
function operatorSecrets(ctx: CliContext): SecretResolver {
  const unavailable = (what: string, err: unknown) =>
    new CliError('SECRET_UNAVAILABLE', `${what} cannot be read: ${(err as Error).name}`);
  return {
    async ssmParameter(name) {
      try {
        const out = await ctx
          .clients()
          .ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
        return out.Parameter?.Value ?? '';
      } catch (err) {
        throw unavailable(`SSM parameter ${name}`, err);
      }
    },
    async secretsManager(id, key) {
      const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
      let text: string;
      try {
        const out = await ctx.clients().secretsManager.send(new GetSecretValueCommand({ SecretId: id }));
        text = out.SecretString ?? '';
      } catch (err) {
        throw unavailable(`Secrets Manager secret ${id}`, err);
      }
      if (key === undefined) return text;
      let value: unknown;
      try {
        value = (JSON.parse(text) as Record<string, unknown>)[key];
      } catch {
        // The parser's message quotes the secret text: never pass it on.
        throw new CliError(
          'SECRET_UNAVAILABLE',
          `Secrets Manager secret ${id} is not JSON (key ${key} asked)`,
        );
      }
      if (value === undefined || value === null)
        throw new CliError('SECRET_UNAVAILABLE', `Secrets Manager secret ${id} has no key ${key}`);
      return String(value);
    },
  };
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
