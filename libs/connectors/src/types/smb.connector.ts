import { ConnectionInvalidError } from '../errors';
import type { ConnectionSpec, ResolveContext, ResolvedSmbConnection } from '../model/connection';
import { optBool, optInt, optString, rejectUnknownFields, reqString } from '../model/fields';

/** The original's fields (pysmb / smbprotocol), with the same names and defaults. */
const FIELDS = [
  'subtype',
  'domain',
  'host',
  'is_direct_tcp',
  'my_name',
  'password',
  'port',
  'remote_name',
  'use_ntlm_v2',
  'user',
  'encrypt',
];
const SUBTYPES = ['pysmb', 'smbprotocol'];

/**
 * `smb`: an SMB2/3 file server (smb_get, smb_put, `lava smb`, `$LAVA_CONN_<LABEL>`). `password`
 * is an SSM parameter name. `subtype` is accepted for compatibility and changes nothing: one
 * client (Samba's smbclient) serves both, and `encrypt` works with either.
 */
export class SmbConnector {
  readonly types = ['smb'] as const;

  async resolve(spec: ConnectionSpec, ctx: ResolveContext): Promise<ResolvedSmbConnection> {
    rejectUnknownFields(spec, FIELDS);
    const subtype = optString(spec, 'subtype');
    if (subtype !== undefined && !SUBTYPES.includes(subtype))
      throw new ConnectionInvalidError(`subtype must be one of ${SUBTYPES.join(', ')}`, {
        conn_id: spec.conn_id,
      });
    const directTcp = optBool(spec, 'is_direct_tcp', false);
    const password = await ctx.secrets.ssmParameter(reqString(spec, 'password'));
    const smb = {
      host: reqString(spec, 'host'),
      port: optInt(spec, 'port') ?? (directTcp ? 445 : 139),
      user: reqString(spec, 'user'),
      password,
      domain: optString(spec, 'domain') ?? '',
      remoteName: reqString(spec, 'remote_name'),
      myName: (optString(spec, 'my_name') ?? 'lava').slice(0, 15),
      encrypt: optBool(spec, 'encrypt', false),
      ntlmV2: optBool(spec, 'use_ntlm_v2', true),
    };
    return {
      kind: 'smb',
      connId: spec.conn_id,
      type: 'smb',
      canonicalType: 'smb',
      spec,
      smb,
      secretValues: [password],
    };
  }
}
