import { ConnectionInvalidError } from '../errors';
import type { ConnectionSpec, ResolveContext, ResolvedSshConnection } from '../model/connection';
import { optInt, optString, optStringList, rejectUnknownFields } from '../model/fields';

const FIELDS = ['ssh_key', 'ssh_options', 'host', 'port', 'user', 'password', 'known_hosts'];

/**
 * `ssh`, `scp`, `sftp` and `git`: the original's `ssh_key` (SSM parameter holding a private key
 * without passphrase; a key stored on one line with `,` for line breaks is unpacked as the
 * original did) and `ssh_options` (`Key=Value`, ssh_config(5)), plus password authentication
 * (`password`, an SSM parameter name), the host key the server must show (`known_hosts`) and a
 * default `host`/`port`/`user`. At least one of `ssh_key` and `password` is required.
 */
export class SshConnector {
  readonly types = ['ssh', 'scp', 'sftp', 'git'] as const;

  async resolve(spec: ConnectionSpec, ctx: ResolveContext): Promise<ResolvedSshConnection> {
    rejectUnknownFields(spec, FIELDS);
    const keyParam = optString(spec, 'ssh_key');
    const passwordParam = optString(spec, 'password');
    if (keyParam === undefined && passwordParam === undefined)
      throw new ConnectionInvalidError('ssh_key or password must be specified', { conn_id: spec.conn_id });
    const privateKey =
      keyParam === undefined ? undefined : unpackKey(await ctx.secrets.ssmParameter(keyParam));
    const password = passwordParam === undefined ? undefined : await ctx.secrets.ssmParameter(passwordParam);
    const options = optStringList(spec, 'ssh_options');
    const bad = options.find((o) => !/^[A-Za-z]+\s*[= ]\s*\S/.test(o) || /[\r\n]/.test(o));
    if (bad !== undefined)
      throw new ConnectionInvalidError(`Bad ssh option (expected Key=Value): ${bad}`, {
        conn_id: spec.conn_id,
      });
    const type = spec.type.toLowerCase();
    return {
      kind: 'ssh',
      connId: spec.conn_id,
      type,
      canonicalType: type,
      spec,
      ssh: {
        host: optString(spec, 'host'),
        port: optInt(spec, 'port'),
        user: optString(spec, 'user'),
        privateKey,
        password,
        knownHosts: knownHostLines(spec),
        options,
      },
      secretValues: [password, privateKey, ...keyBodyLines(privateKey)].filter(
        (s): s is string => s !== undefined,
      ),
    };
  }
}

/** Keys kept on one line in SSM (`,` for each line break) are unpacked; a final newline added. */
function unpackKey(raw: string): string {
  const text = raw.includes('\n') ? raw : raw.replace(/,/g, '\n');
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Each base64 line of a key, so a message quoting one line is still masked. */
function keyBodyLines(key: string | undefined): string[] {
  return (key ?? '').split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'));
}

function knownHostLines(spec: ConnectionSpec): string[] {
  const lines = optStringList(spec, 'known_hosts')
    .flatMap((l) => l.split('\n'))
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const bad = lines.find((l) => l.split(/\s+/).length < 3);
  if (bad !== undefined)
    throw new ConnectionInvalidError(`Bad known_hosts line (expected "hosts keytype key"): ${bad}`, {
      conn_id: spec.conn_id,
    });
  return lines;
}
