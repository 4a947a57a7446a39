import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { HostKeyRejectedError, TransferFailedError } from '../errors';
import type { ResolvedSshConnection } from '../model/connection';
import { sanitiseMessage } from '../model/sanitise';
import { hostKeyKnown } from './known-hosts';

/** Where to connect; each field defaults to the connection's `host`, `port` (22) and `user`. */
export interface SftpTarget {
  host?: string;
  port?: number;
  user?: string;
  /** Connect timeout (default 20 s). */
  readyTimeoutMs?: number;
}

/**
 * In-process SFTP (ssh2) on an `ssh`/`sftp`/`scp` connection: key or password authentication,
 * and the server's host key checked against the connection's `known_hosts` unless its
 * `ssh_options` say `StrictHostKeyChecking=no` (or `accept-new`, which accepts an unknown key
 * since nothing is remembered). With neither, the connection is refused: a key nobody checked
 * is not trusted.
 *
 * @example
 * const sftp = await SftpClient.connect(resolved);
 * try { await sftp.get('/data/x.csv', '/tmp/x.csv'); } finally { sftp.close(); }
 */
export class SftpClient {
  private constructor(
    private readonly client: Client,
    private readonly sftp: SFTPWrapper,
    private readonly resolved: ResolvedSshConnection,
  ) {}

  static async connect(resolved: ResolvedSshConnection, target: SftpTarget = {}): Promise<SftpClient> {
    const client = new Client();
    const config = connectConfig(resolved, target);
    let rejectedKey = false;
    config.hostVerifier = (key: Buffer): boolean => {
      rejectedKey = !hostAccepted(resolved, config.host!, config.port!, key);
      return !rejectedKey;
    };
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('ready', resolve).once('error', reject).connect(config);
      });
      const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
        client.sftp((err, s) => (err ? reject(err) : resolve(s))),
      );
      return new SftpClient(client, sftp, resolved);
    } catch (err) {
      client.end();
      if (rejectedKey)
        throw new HostKeyRejectedError(`Host key of ${config.host}:${config.port} is not in known_hosts`, {
          conn_id: resolved.connId,
        });
      throw failure(resolved, `SFTP ${config.host}:${config.port}`, err, true);
    }
  }

  /** Download `remotePath` to `localFile` (parallel reads). */
  get(remotePath: string, localFile: string): Promise<void> {
    return this.call(`get ${remotePath}`, (done) => this.sftp.fastGet(remotePath, localFile, done));
  }

  /** Upload `localFile` to `remotePath` (parallel writes). */
  put(localFile: string, remotePath: string): Promise<void> {
    return this.call(`put ${remotePath}`, (done) => this.sftp.fastPut(localFile, remotePath, done));
  }

  close(): void {
    this.client.end();
  }

  private call(what: string, op: (done: (err?: Error | null) => void) => void): Promise<void> {
    return new Promise((resolve, reject) =>
      op((err) => (err ? reject(failure(this.resolved, `SFTP ${what}`, err, false)) : resolve())),
    );
  }
}

function connectConfig(r: ResolvedSshConnection, target: SftpTarget): ConnectConfig {
  const host = target.host ?? r.ssh.host;
  const username = target.user ?? r.ssh.user;
  if (host === undefined || username === undefined)
    throw new TransferFailedError('SFTP needs a host and a user (connection host/user or the target)', {
      conn_id: r.connId,
    });
  return {
    host,
    port: target.port ?? r.ssh.port ?? 22,
    username,
    privateKey: r.ssh.privateKey,
    password: r.ssh.password,
    readyTimeout: target.readyTimeoutMs ?? 20_000,
  };
}

/** `StrictHostKeyChecking` from `ssh_options` (the first one wins, as in ssh_config). */
function strictHostKeyChecking(options: readonly string[]): string {
  for (const o of options) {
    const m = /^StrictHostKeyChecking\s*[= ]\s*(\S+)/i.exec(o);
    if (m) return m[1]!.toLowerCase();
  }
  return 'yes';
}

function hostAccepted(r: ResolvedSshConnection, host: string, port: number, key: Buffer): boolean {
  if (hostKeyKnown(r.ssh.knownHosts, host, port, key)) return true;
  const strict = strictHostKeyChecking(r.ssh.options);
  return strict === 'no' || strict === 'off' || strict === 'accept-new';
}

function failure(
  r: ResolvedSshConnection,
  what: string,
  err: unknown,
  transport: boolean,
): TransferFailedError {
  const e = err as { message?: string; code?: unknown; level?: string };
  const text = sanitiseMessage(String(e.message ?? err), r.secretValues);
  const status =
    typeof e.code === 'number' ? `SFTP_STATUS_${e.code}` : typeof e.code === 'string' ? e.code : undefined;
  // Authentication failures (ssh2 level client-authentication) are permanent; network ones are not.
  const retryable = transport && e.level !== 'client-authentication';
  return new TransferFailedError(
    `${what}: ${text}`,
    { conn_id: r.connId, ...(status ? { status } : {}) },
    retryable,
  );
}
