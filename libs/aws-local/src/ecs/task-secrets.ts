import type { JsonService, RequestContext } from '../contracts';

/** Resolves a container definition's `secrets[].valueFrom` to its value (ECS does it with the execution role). */
export type SecretResolver = (valueFrom: string, ctx: RequestContext) => Promise<string>;

/**
 * Reads secrets from the endpoint's own SSM and Secrets Manager, as ECS reads them from the real
 * ones: an SSM parameter name or ARN (decrypted), or a Secrets Manager ARN optionally followed by
 * `:json-key:version-stage:version-id`.
 */
export function endpointSecrets(services: { ssm: JsonService; secretsManager: JsonService }): SecretResolver {
  return async (valueFrom, ctx) => {
    if (!valueFrom.startsWith('arn:aws:secretsmanager:')) {
      const out = await services.ssm.handle('GetParameter', { Name: valueFrom, WithDecryption: true }, ctx);
      return String((out.Parameter as { Value?: string } | undefined)?.Value ?? '');
    }
    const parts = valueFrom.split(':');
    const [jsonKey, stage, versionId] = [parts[7], parts[8], parts[9]];
    const out = await services.secretsManager.handle(
      'GetSecretValue',
      {
        SecretId: parts.slice(0, 7).join(':'),
        ...(stage ? { VersionStage: stage } : {}),
        ...(versionId ? { VersionId: versionId } : {}),
      },
      ctx,
    );
    const value = String(out.SecretString ?? '');
    if (!jsonKey) return value;
    const field = (JSON.parse(value) as Record<string, unknown>)[jsonKey];
    if (field === undefined) throw new Error(`secret ${parts.slice(0, 7).join(':')} has no key ${jsonKey}`);
    return typeof field === 'string' ? field : JSON.stringify(field);
  };
}
