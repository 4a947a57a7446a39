import { ConnectionInvalidError, SecretUnavailableError } from '../errors';
import type { ConnectionSpec, ResolveContext, ResolvedAwsConnection } from '../model/connection';
import { optInt, optString, optStringList, rejectUnknownFields } from '../model/fields';

const FIELDS = [
  'access_keys',
  'role_arn',
  'external_id',
  'duration',
  'policy_arns',
  'policy',
  'tags',
  'region',
];
const DEFAULT_DURATION = 3 * 3600;

/** `aws`: static keys from SSM (`AKID,SECRET`) or an assumed role. */
export class AwsConnector {
  readonly types = ['aws'] as const;

  async resolve(spec: ConnectionSpec, ctx: ResolveContext): Promise<ResolvedAwsConnection> {
    rejectUnknownFields(spec, FIELDS);
    const region = optString(spec, 'region') ?? ctx.region;
    const base = {
      kind: 'aws' as const,
      connId: spec.conn_id,
      type: 'aws',
      canonicalType: 'aws',
      spec,
      region,
    };
    const keysParam = optString(spec, 'access_keys');
    if (keysParam !== undefined) {
      const value = await ctx.secrets.ssmParameter(keysParam);
      const comma = value.indexOf(',');
      if (comma < 1)
        throw new ConnectionInvalidError('access_keys must hold "AKID,SECRET"', { conn_id: spec.conn_id });
      const credentials = {
        accessKeyId: value.slice(0, comma).trim(),
        secretAccessKey: value.slice(comma + 1).trim(),
      };
      return { ...base, credentials, secretValues: [value, credentials.secretAccessKey] };
    }
    const roleArn = optString(spec, 'role_arn');
    if (roleArn === undefined)
      throw new ConnectionInvalidError('access_keys or role_arn must be specified', {
        conn_id: spec.conn_id,
      });
    if (ctx.sts === undefined)
      throw new SecretUnavailableError('No STS access to assume role', { conn_id: spec.conn_id });
    const externalIdParam = optString(spec, 'external_id');
    const externalId =
      externalIdParam === undefined ? undefined : await ctx.secrets.ssmParameter(externalIdParam);
    const credentials = await ctx.sts.assumeRole({
      roleArn,
      sessionName: roleSessionName(ctx.appName),
      durationSeconds: optInt(spec, 'duration') ?? ctx.awsConnDurationSeconds ?? DEFAULT_DURATION,
      externalId,
      policyArns: optStringList(spec, 'policy_arns'),
      policy: policyText(spec),
      tags: stringMap(spec, 'tags'),
    });
    const secrets = [credentials.secretAccessKey, credentials.sessionToken ?? '', externalId ?? ''].filter(
      (s) => s !== '',
    );
    return { ...base, credentials, secretValues: secrets };
  }
}

/** Role session name: app name with disallowed runs replaced by `.`, max 64 chars. */
export function roleSessionName(appName: string | undefined): string {
  return (appName ?? 'lava').replace(/[^A-Za-z0-9_=,.@-]+/g, '.').slice(0, 64);
}

function policyText(spec: ConnectionSpec): string | undefined {
  const p = spec['policy'];
  if (p === undefined || p === null) return undefined;
  return typeof p === 'string' ? p : JSON.stringify(p);
}

/** A `{string: string}` map field (tags). */
export function stringMap(spec: ConnectionSpec, field: string): Record<string, string> | undefined {
  const v = spec[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v))
    throw new ConnectionInvalidError(`${field} must be a map`, { conn_id: spec.conn_id });
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
}
