import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { ClientUnavailableError, ConnectionInvalidError, ConnectionUnsupportedError } from '../errors';
import type { ResolvedDbConnection, SslMode } from '../model/connection';
import { oracleConnectString } from '../types/oracle.connector';
import { mysqlOptionFile, pgpassLine, PrivateDir } from './private-dir';

/** How to run the database's own client for `sqlc`. The SQL file goes to the child's stdin. */
export interface NativeClientCommand {
  /** Absolute path of the client binary. */
  command: string;
  args: string[];
  /** Variables to add to the child's environment (no password values, only file paths). */
  env: Record<string, string>;
  stdinFile?: string;
  /**
   * Text to write to the child's stdin BEFORE the file (sqlplus: the CONNECT line). It contains the
   * password: write it to the pipe only, never to disk or logs.
   */
  stdinPrelude?: string;
  /** Remove the private credential files. Call when the child has exited. */
  cleanup(): Promise<void>;
}

export interface NativeClientOptions {
  /** Root for the private credential directory; must be outside the run directory. */
  tmpRoot: string;
  /** PATH used to find the client binary. */
  searchPath: string;
  file?: string;
  extraArgs?: readonly string[];
  /** Client app name (sets PGAPPNAME for psql). */
  appName?: string;
  /** Version probe, injectable for tests; default runs `<binary> --version`. */
  probeVersion?: (binary: string) => Promise<string>;
}

/** Locate an executable on `searchPath`; undefined when not installed. */
export async function findExecutable(name: string, searchPath: string): Promise<string | undefined> {
  for (const dir of searchPath.split(delimiter).filter((d) => d !== '')) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

const defaultProbe = async (binary: string): Promise<string> =>
  (await promisify(execFile)(binary, ['--version'])).stdout;

/**
 * Build the native client invocation: psql (password via a private PGPASSFILE, TLS via PGSSLMODE —
 * fixing the original's `--set=sslmode` bug), mysql/mariadb (password in a 0600
 * `--defaults-extra-file`), sqlite3 (no credentials). Passwords never appear in argv.
 */
export async function nativeClientCommand(
  resolved: ResolvedDbConnection,
  opts: NativeClientOptions,
): Promise<NativeClientCommand> {
  switch (resolved.dialect) {
    case 'postgresql':
    case 'redshift':
      return psqlCommand(resolved, opts);
    case 'mysql':
      return mysqlCommand(resolved, opts);
    case 'sqlite3':
      return sqliteCommand(resolved, opts);
    case 'oracle':
      return sqlplusCommand(resolved, opts);
    default:
      throw new ConnectionUnsupportedError(`No native client helper for ${resolved.type} connections`);
  }
}

async function need(name: string, opts: NativeClientOptions): Promise<string> {
  const found = await findExecutable(name, opts.searchPath);
  if (found === undefined) throw new ClientUnavailableError(`No ${name} client available`);
  return found;
}

async function psqlCommand(r: ResolvedDbConnection, opts: NativeClientOptions): Promise<NativeClientCommand> {
  const command = await need('psql', opts);
  const dir = await PrivateDir.create(opts.tmpRoot);
  const passfile = await dir.file('pgpass', pgpassLine(r.db.password));
  const env: Record<string, string> = { PGPASSFILE: passfile, PGSSLMODE: r.db.ssl, PGCONNECT_TIMEOUT: '10' };
  if (r.db.caCert !== undefined) env['PGSSLROOTCERT'] = r.db.caCert;
  const appName = opts.appName ?? r.db.appName;
  if (appName !== undefined) env['PGAPPNAME'] = appName;
  const args = ['--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1', '--pset=footer=off', '--no-password'];
  args.push(
    `--host=${r.db.host}`,
    `--port=${r.db.port}`,
    `--username=${r.db.user}`,
    `--dbname=${r.db.database ?? ''}`,
  );
  return {
    command,
    args: [...args, ...(opts.extraArgs ?? [])],
    env,
    stdinFile: opts.file,
    cleanup: () => dir.remove(),
  };
}

async function mysqlCommand(
  r: ResolvedDbConnection,
  opts: NativeClientOptions,
): Promise<NativeClientCommand> {
  const command = await need('mysql', opts);
  const mariadb = /mariadb/i.test(await (opts.probeVersion ?? defaultProbe)(command));
  const dir = await PrivateDir.create(opts.tmpRoot);
  const optionFile = await dir.file('my.cnf', mysqlOptionFile(r.db.user, r.db.password));
  // --defaults-extra-file must be the first option.
  const args = [
    `--defaults-extra-file=${optionFile}`,
    '--batch',
    `--host=${r.db.host}`,
    `--port=${r.db.port}`,
    '--connect-timeout=10',
  ];
  if (r.db.database !== undefined) args.push(`--database=${r.db.database}`);
  args.push(...mysqlSslArgs(r.db.ssl, mariadb, r.db.caCert));
  if (r.db.iamToken && !mariadb) args.push('--enable-cleartext-plugin');
  return {
    command,
    args: [...args, ...(opts.extraArgs ?? [])],
    env: {},
    stdinFile: opts.file,
    cleanup: () => dir.remove(),
  };
}

/** TLS flags differ between the MariaDB and Oracle MySQL clients. */
export function mysqlSslArgs(ssl: SslMode, mariadb: boolean, caCert?: string): string[] {
  const ca = caCert === undefined || ssl === 'disable' ? [] : [`--ssl-ca=${caCert}`];
  if (ssl === 'disable') return mariadb ? ['--skip-ssl'] : ['--ssl-mode=DISABLED'];
  if (mariadb)
    return [
      '--ssl',
      ...(ssl === 'require' ? ['--skip-ssl-verify-server-cert'] : ['--ssl-verify-server-cert']),
      ...ca,
    ];
  const mode = ssl === 'require' ? 'REQUIRED' : ssl === 'verify-ca' ? 'VERIFY_CA' : 'VERIFY_IDENTITY';
  return [`--ssl-mode=${mode}`, ...ca];
}

async function sqliteCommand(
  r: ResolvedDbConnection,
  opts: NativeClientOptions,
): Promise<NativeClientCommand> {
  const command = await need('sqlite3', opts);
  if (r.db.host.startsWith('s3://'))
    throw new ConnectionUnsupportedError('sqlite3 database in S3 must be staged to a local file first');
  return {
    command,
    args: ['-bail', '-batch', ...(opts.extraArgs ?? []), r.db.host],
    env: {},
    stdinFile: opts.file,
    cleanup: async () => undefined,
  };
}

/**
 * sqlplus starts with `/nolog` and receives `CONNECT` on stdin, so the password is neither on the
 * command line (the original put `user/password@dsn` in argv, visible in `ps`) nor in a file.
 */
async function sqlplusCommand(
  r: ResolvedDbConnection,
  opts: NativeClientOptions,
): Promise<NativeClientCommand> {
  const command = await need('sqlplus', opts);
  if (/["\n]/.test(r.db.password) || /["\n]/.test(r.db.user)) {
    throw new ConnectionInvalidError('Oracle user and password must not contain double quotes or newlines');
  }
  const args = [
    '-NOLOGINTIME',
    '-L',
    '-S',
    ...(r.db.edition === undefined ? [] : ['-C', r.db.edition]),
    ...(opts.extraArgs ?? []),
    '/nolog',
  ];
  const prelude = `CONNECT "${r.db.user}"/"${r.db.password}"@"${oracleConnectString(r.db)}"\n`;
  return {
    command,
    args,
    env: {},
    stdinFile: opts.file,
    stdinPrelude: prelude,
    cleanup: async () => undefined,
  };
}
