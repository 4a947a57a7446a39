import { ConnectionInvalidError } from '../errors';
import type { ConnectionSpec, ResolveContext, ResolvedGenericConnection } from '../model/connection';
import { rejectUnknownFields } from '../model/fields';

type Scalar = string | number | boolean | null;
const NAME = /^[a-zA-Z][\w-]*$/;

/** `generic`: a map of named attributes, each local or an SSM parameter. */
export class GenericConnector {
  readonly types = ['generic'] as const;

  async resolve(spec: ConnectionSpec, ctx: ResolveContext): Promise<ResolvedGenericConnection> {
    rejectUnknownFields(spec, ['attributes']);
    const attrs = spec['attributes'];
    if (typeof attrs !== 'object' || attrs === null || Array.isArray(attrs)) {
      throw new ConnectionInvalidError('attributes must be a map', { conn_id: spec.conn_id });
    }
    const attributes: Record<string, Scalar> = {};
    const secretAttributes: string[] = [];
    const secretValues: string[] = [];
    for (const [name, raw] of Object.entries(attrs as Record<string, unknown>)) {
      if (!NAME.test(name))
        throw new ConnectionInvalidError(`Bad attribute name: ${name}`, { conn_id: spec.conn_id });
      const { value, secret } = await resolveAttribute(spec, name, raw, ctx);
      attributes[name] = value;
      if (secret) {
        secretAttributes.push(name);
        secretValues.push(String(value));
      }
    }
    return {
      kind: 'generic',
      connId: spec.conn_id,
      type: 'generic',
      canonicalType: 'generic',
      spec,
      attributes,
      secretAttributes,
      secretValues,
    };
  }
}

async function resolveAttribute(
  spec: ConnectionSpec,
  name: string,
  raw: unknown,
  ctx: ResolveContext,
): Promise<{ value: Scalar; secret: boolean }> {
  if (raw === null || ['string', 'number', 'boolean'].includes(typeof raw))
    return { value: raw as Scalar, secret: false };
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new ConnectionInvalidError(`Bad value for attribute ${name}`, { conn_id: spec.conn_id });
  const obj = raw as { type?: unknown; value?: unknown; parameter?: unknown };
  const type = obj.type ?? 'local';
  if (type === 'local') return { value: (obj.value ?? null) as Scalar, secret: false };
  if (type === 'ssm' && typeof obj.parameter === 'string')
    return { value: await ctx.secrets.ssmParameter(obj.parameter), secret: true };
  throw new ConnectionInvalidError(`Unknown attribute type for ${name}`, { conn_id: spec.conn_id });
}
