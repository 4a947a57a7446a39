import { spawn } from 'node:child_process';
import { posix } from 'node:path';
import { ClientUnavailableError, ConnectionInvalidError, TransferFailedError } from '../errors';
import { findExecutable } from '../cli/native-client';
import { PrivateDir } from '../cli/private-dir';
import type { ResolvedSmbConnection, SmbParams } from '../model/connection';
import { sanitiseMessage } from '../model/sanitise';

/** Where and how an SMB transfer runs. */
export interface SmbClientOptions {
  /** Directory for the private 0700 directory holding the credentials file (the run directory). */
  tmpRoot: string;
  /** Search path for `smbclient` (default: `PATH`). */
  searchPath?: string;
  /** Stops the transfer (kills smbclient). */
  signal?: AbortSignal;
}

/** NT status codes that mean the server could not be reached (worth a retry). */
const TRANSIENT =
  /NT_STATUS_(CONNECTION_REFUSED|IO_TIMEOUT|HOST_UNREACHABLE|NETWORK_UNREACHABLE|CONNECTION_RESET|CONNECTION_DISCONNECTED)/;

/**
 * SMB2/3 file transfers by Samba's `smbclient` (see docs/file-shares.md for why not an npm
 * client). The password only ever sits in a 0600 credentials file (`-A`) in a private directory
 * removed by `close()`, never on a command line. Remote paths use `/` like the original.
 *
 * @example
 * const smb = await SmbClient.open(resolved, { tmpRoot: runDir });
 * try { await smb.get('Public', '/data/x.csv', '/tmp/run/x.csv'); } finally { await smb.close(); }
 */
export class SmbClient {
  private constructor(
    private readonly resolved: ResolvedSmbConnection,
    private readonly dir: PrivateDir,
    private readonly binary: string,
    private readonly authFile: string,
    private readonly signal?: AbortSignal,
  ) {}

  static async open(resolved: ResolvedSmbConnection, opts: SmbClientOptions): Promise<SmbClient> {
    const binary = await findExecutable('smbclient', opts.searchPath ?? process.env.PATH ?? '');
    if (binary === undefined)
      throw new ClientUnavailableError('smbclient is not installed (apt-get install smbclient)', {
        conn_id: resolved.connId,
      });
    const dir = await PrivateDir.create(opts.tmpRoot, 'lava-smb-');
    const authFile = await dir.file('credentials', smbAuthFile(resolved.smb));
    return new SmbClient(resolved, dir, binary, authFile, opts.signal);
  }

  /** Copy `share:remotePath` to the local file `localFile`. */
  async get(share: string, remotePath: string, localFile: string): Promise<void> {
    await this.run(share, `get ${quoted(remote(remotePath))} ${quoted(localFile)}`);
  }

  /** Copy `localFile` to `share:remotePath`, creating its directories first when `mkdirs`. */
  async put(
    localFile: string,
    share: string,
    remotePath: string,
    opts: { mkdirs?: boolean } = {},
  ): Promise<void> {
    const target = remote(remotePath);
    if (opts.mkdirs) await this.mkdirs(share, posix.dirname(target));
    await this.run(share, `put ${quoted(localFile)} ${quoted(target)}`);
  }

  /** Create `dir` and its parents; existing ones are fine. */
  async mkdirs(share: string, dir: string): Promise<void> {
    const parts = remote(dir)
      .split('/')
      .filter((p) => p !== '' && p !== '.');
    const commands = parts.map((_, i) => `mkdir ${quoted(parts.slice(0, i + 1).join('/'))}`);
    // smbclient runs every `;`-separated command and reports the last one: existing directories
    // (NT_STATUS_OBJECT_NAME_COLLISION) are expected; a real failure shows in the transfer after.
    if (commands.length > 0) await this.run(share, commands.join('; '), true);
  }

  async close(): Promise<void> {
    await this.dir.remove();
  }

  private async run(share: string, command: string, tolerant = false): Promise<void> {
    checkShare(share);
    const args = [...smbclientArgs(this.resolved.smb, share, this.authFile), '-c', command];
    const { code, output } = await execute(this.binary, args, this.signal);
    if (code === 0 || tolerant) return;
    const status = /NT_STATUS_\w+/.exec(output)?.[0];
    const text = sanitiseMessage(output.trim().split('\n').slice(-3).join(' '), this.resolved.secretValues);
    throw new TransferFailedError(
      `SMB ${share}: ${text || `smbclient exited with status ${code}`}`,
      { conn_id: this.resolved.connId, share, ...(status ? { status } : {}) },
      status !== undefined && TRANSIENT.test(status),
    );
  }
}

/**
 * `smbclient` arguments for `//remote_name/share` at `host:port`, credentials from `authFile`.
 * The connection helper script uses the same arguments.
 */
export function smbclientArgs(smb: SmbParams, share: string, authFile: string): string[] {
  return [
    `//${smb.remoteName}/${share}`,
    '--authentication-file',
    authFile,
    '--ip-address',
    smb.host,
    '--port',
    String(smb.port),
    '--netbiosname',
    smb.myName,
    `--client-protection=${smb.encrypt ? 'encrypt' : 'off'}`,
    '--option=client min protocol=SMB2_02',
    // NTLMv2 is smbclient's default; the option is deprecated, so it is only named to turn it off.
    ...(smb.ntlmV2 ? [] : ['--option=client ntlmv2 auth=no']),
  ];
}

/** The `-A` credentials file: user, password and domain, one `key = value` per line. */
export function smbAuthFile(smb: SmbParams): string {
  if (/[\r\n]/.test(smb.user + smb.password + smb.domain))
    throw new ConnectionInvalidError('SMB user, password and domain must be single lines');
  return `username = ${smb.user}\npassword = ${smb.password}\n${smb.domain ? `domain = ${smb.domain}\n` : ''}`;
}

/** A remote path as smbclient takes it: `/` separators, no leading `/`. */
function remote(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\/+/, '');
}

/**
 * smbclient splits `-c` at every `;` (even inside quotes) and has no escape for `"`, so paths
 * holding either, or control characters, are refused rather than risk running another command.
 */
function quoted(path: string): string {
  if (/[";\p{Cc}]/u.test(path))
    throw new ConnectionInvalidError(
      `Path not usable over SMB (contains ", ; or a control character): ${path}`,
    );
  return `"${path}"`;
}

function checkShare(share: string): void {
  if (share === '' || /[\\/";\p{Cc}]/u.test(share))
    throw new ConnectionInvalidError(`Bad SMB share name: ${share}`);
}

function execute(
  binary: string,
  args: string[],
  signal?: AbortSignal,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
      env: { PATH: process.env.PATH ?? '' },
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) =>
      reject(new TransferFailedError(`smbclient failed: ${err.message}`, {}, false)),
    );
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
