import { ConnectionInvalidError } from '../errors';
import type {
  ConnectionSpec,
  ResolveContext,
  ResolvedEmailConnection,
  SmtpEmailSettings,
} from '../model/connection';
import { optBool, optInt, optString, optStringList, rejectUnknownFields } from '../model/fields';

const FIELDS = [
  'subtype',
  'from',
  'reply_to',
  'region',
  'configuration_set',
  'host',
  'port',
  'tls',
  'starttls',
  'user',
  'password',
  'return_path',
];

/**
 * `email` (subtypes `ses`, `smtp`) and legacy `ses`. Fixes the original's 465/STARTTLS mix-up:
 * `tls` means implicit TLS (default port 465), `starttls` upgrades a plain connection (default 25).
 */
export class EmailConnector {
  readonly types = ['email', 'ses'] as const;

  async resolve(spec: ConnectionSpec, ctx: ResolveContext): Promise<ResolvedEmailConnection> {
    rejectUnknownFields(spec, FIELDS);
    const type = spec.type.toLowerCase();
    const subtype = type === 'ses' ? 'ses' : (optString(spec, 'subtype') ?? 'ses');
    const common = { from: optString(spec, 'from'), replyTo: optStringList(spec, 'reply_to') };
    const base = { kind: 'email' as const, connId: spec.conn_id, type, canonicalType: 'email', spec };
    if (subtype === 'ses') {
      const email = {
        subtype: 'ses' as const,
        ...common,
        region: optString(spec, 'region'),
        configurationSet: optString(spec, 'configuration_set'),
      };
      return { ...base, email, secretValues: [] };
    }
    if (subtype !== 'smtp')
      throw new ConnectionInvalidError(`Unknown email subtype ${subtype}`, { conn_id: spec.conn_id });
    const smtp = await smtpSettings(spec, ctx, common);
    return { ...base, email: smtp, secretValues: smtp.password === undefined ? [] : [smtp.password] };
  }
}

async function smtpSettings(
  spec: ConnectionSpec,
  ctx: ResolveContext,
  common: { from?: string; replyTo: string[] },
): Promise<SmtpEmailSettings> {
  const host = optString(spec, 'host');
  if (host === undefined)
    throw new ConnectionInvalidError('host must be specified', { conn_id: spec.conn_id });
  const tls = optBool(spec, 'tls', false);
  const starttls = optBool(spec, 'starttls', false);
  if (tls && starttls)
    throw new ConnectionInvalidError('tls and starttls are exclusive', { conn_id: spec.conn_id });
  const user = optString(spec, 'user');
  const passwordParam = optString(spec, 'password');
  if (user !== undefined && passwordParam === undefined) {
    throw new ConnectionInvalidError('password must be specified with user', { conn_id: spec.conn_id });
  }
  const password = passwordParam === undefined ? undefined : await ctx.secrets.ssmParameter(passwordParam);
  return {
    subtype: 'smtp',
    ...common,
    host,
    port: optInt(spec, 'port') ?? (tls ? 465 : 25),
    tls,
    starttls,
    user,
    password,
  };
}
