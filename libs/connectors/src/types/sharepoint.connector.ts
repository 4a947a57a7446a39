import { ConnectionInvalidError } from '../errors';
import type { ConnectionSpec, ResolveContext, ResolvedSharepointConnection } from '../model/connection';
import { optString, reqString, rejectUnknownFields } from '../model/fields';

const FIELDS = [
  'org_base_url',
  'site_name',
  'tenant',
  'client_id',
  'client_secret',
  'user',
  'password',
  'https_proxy',
  'login_url',
  'graph_url',
];

/**
 * `sharepoint`: a SharePoint site through Microsoft Graph. `client_secret` names an SSM
 * parameter. The token comes from the client-credentials grant, so the original's `user` and
 * `password` (a delegated-user password grant) are accepted for old records but not used, and
 * the password parameter is never read.
 */
export class SharepointConnector {
  readonly types = ['sharepoint'] as const;

  async resolve(spec: ConnectionSpec, ctx: ResolveContext): Promise<ResolvedSharepointConnection> {
    rejectUnknownFields(spec, FIELDS);
    const orgBaseUrl = reqString(spec, 'org_base_url')
      .replace(/^https?:\/\//, '')
      .replace(/\/+$/, '');
    if (!/^[a-z0-9.-]+(:\d+)?$/i.test(orgBaseUrl))
      throw new ConnectionInvalidError(`org_base_url must be a host name: ${orgBaseUrl}`, {
        conn_id: spec.conn_id,
      });
    const clientSecret = await ctx.secrets.ssmParameter(reqString(spec, 'client_secret'));
    return {
      kind: 'sharepoint',
      connId: spec.conn_id,
      type: 'sharepoint',
      canonicalType: 'sharepoint',
      spec,
      sharepoint: {
        orgBaseUrl,
        siteName: reqString(spec, 'site_name'),
        tenant: reqString(spec, 'tenant'),
        clientId: reqString(spec, 'client_id'),
        clientSecret,
        loginUrl: baseUrl(spec, 'login_url', 'https://login.microsoftonline.com'),
        graphUrl: baseUrl(spec, 'graph_url', 'https://graph.microsoft.com/v1.0'),
        httpsProxy: proxyUrl(spec),
      },
      secretValues: [clientSecret, ...proxyPassword(spec)],
    };
  }
}

/** `https_proxy`: an http(s) proxy URL. The value is never echoed: it may hold a password. */
function proxyUrl(spec: ConnectionSpec): string | undefined {
  const value = optString(spec, 'https_proxy');
  if (value === undefined || value === '') return undefined;
  let ok = false;
  try {
    ok = /^https?:$/.test(new URL(value).protocol);
  } catch {
    ok = false;
  }
  if (!ok)
    throw new ConnectionInvalidError('https_proxy must be an http(s) URL (http://host:port)', {
      conn_id: spec.conn_id,
    });
  return value;
}

/** The proxy's password (raw and decoded), masked in messages like the client secret. */
function proxyPassword(spec: ConnectionSpec): string[] {
  const value = optString(spec, 'https_proxy');
  const password = value ? new URL(value).password : '';
  return password ? [...new Set([password, decodeURIComponent(password)])] : [];
}

/** A base URL field: `https://` (or `http://` for a local stub), no trailing slash. */
function baseUrl(spec: ConnectionSpec, field: string, fallback: string): string {
  const value = optString(spec, field) ?? fallback;
  if (!/^https?:\/\/[^/\s]+/i.test(value))
    throw new ConnectionInvalidError(`${field} must be an http(s) URL`, { conn_id: spec.conn_id });
  return value.replace(/\/+$/, '');
}
