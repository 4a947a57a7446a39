import type { ResolvedConnection, ResolvedDbConnection } from '../model/connection';
import { oracleConnectString } from '../types/oracle.connector';
import { mysqlSslArgs } from './native-client';
import type { PrivateDir } from './private-dir';
import { smbHelperBody, sshHelperBody } from './ssh-files';

/**
 * The original's `$LAVA_CONN_<LABEL>` helper: an executable that runs the connection's own
 * client with the credentials already in place (`$LAVA_CONN_DB -c 'select 1'`), or for a
 * `generic` connection prints one attribute (`$LAVA_CONN_CFG host`). Job scripts written for the
 * original call these. Credentials stay in the private directory's 0600 files: the script holds
 * their paths, never a secret value, and nothing secret is on a command line.
 *
 * @returns the script's path, or undefined for types the original had no helper for here.
 */
export async function writeConnectionHelper(
  label: string,
  r: ResolvedConnection,
  dir: PrivateDir,
  files: Record<string, string>,
): Promise<string | undefined> {
  const body = helperBody(r, files);
  return body === undefined
    ? undefined
    : dir.script(
        `conn-${label}`,
        `#!/bin/sh\n# Lava connection helper ${label} (${r.type} ${r.connId})\n${body}`,
      );
}

function helperBody(r: ResolvedConnection, files: Record<string, string>): string | undefined {
  switch (r.kind) {
    case 'database':
      return dbHelper(r, files);
    case 'generic':
      return genericHelper(files);
    case 'aws':
      return `AWS_SHARED_CREDENTIALS_FILE=${q(files.aws!)} AWS_PROFILE=default${r.region ? ` AWS_DEFAULT_REGION=${q(r.region)}` : ''} exec aws "$@"\n`;
    case 'smb':
      return smbHelperBody(r, files);
    case 'ssh':
      return sshHelperBody(r, files);
    case 'email':
    case 'slack':
      return notifyHelper(r.kind, files);
    default:
      return undefined;
  }
}

function dbHelper(r: ResolvedDbConnection, files: Record<string, string>): string | undefined {
  const db = r.db;
  switch (r.dialect) {
    case 'postgresql':
    case 'redshift': {
      // Quoted as a shell word: a job id may hold `$` or backquotes.
      const appName =
        db.appName === undefined
          ? ''
          : `[ -n "$PGAPPNAME" ] || PGAPPNAME=${q(db.appName)}\nexport PGAPPNAME\n`;
      const args = [
        '--no-psqlrc',
        '--quiet',
        '--set=ON_ERROR_STOP=1',
        '--pset=footer=off',
        '--no-password',
        `--host=${db.host}`,
        `--port=${db.port}`,
        `--username=${db.user}`,
        `--dbname=${db.database ?? ''}`,
      ];
      return `${appName}PGPASSFILE=${q(files.pgpass!)} PGSSLMODE=${q(db.ssl)} PGCONNECT_TIMEOUT=10 exec psql ${args.map(q).join(' ')} "$@"\n`;
    }
    case 'mysql': {
      const base = [
        `--defaults-extra-file=${files.mycnf!}`,
        '--batch',
        `--host=${db.host}`,
        `--port=${db.port}`,
        '--connect-timeout=10',
        ...(db.database === undefined ? [] : [`--database=${db.database}`]),
      ];
      // TLS flags differ between the MariaDB and Oracle MySQL clients: pick them at run time.
      const maria = mysqlSslArgs(db.ssl, true, db.caCert).map(q).join(' ');
      const oracle = mysqlSslArgs(db.ssl, false, db.caCert).map(q).join(' ');
      return `case "$(mysql --version 2>/dev/null)" in *MariaDB*) set -- ${maria} "$@" ;; *) set -- ${oracle} "$@" ;; esac\nexec mysql ${base.map(q).join(' ')} "$@"\n`;
    }
    case 'sqlite3':
      return `exec sqlite3 -bail -batch "$@" ${q(db.host)}\n`;
    case 'oracle':
      return oracleHelper(r, files);
    case 'mssql':
      return mssqlHelper(r, files);
    default:
      return undefined;
  }
}

/**
 * sqlplus as the original ran it (`-NOLOGINTIME -L -S … "$@"`), but logging on as `user@dsn`
 * without a password: sqlplus then reads it from stdin, where the helper writes the private
 * password file ahead of the caller's own input. The original put `user/password@dsn` in argv
 * (its comment: visible in `ps`). Its `-C <edition>` is not passed: `-C` sets SQL*Plus
 * compatibility, not the edition.
 */
function oracleHelper(r: ResolvedDbConnection, files: Record<string, string>): string {
  const logon = `${r.db.user}@${oracleConnectString(r.db)}`;
  return `{ cat ${q(files.password!)}; echo; cat; } | sqlplus -NOLOGINTIME -L -S ${q(logon)} "$@"\n`;
}

/**
 * SQL Server through `sqlcmd` (the original ran its own lava-sql here, which Lava does not ship).
 * The password reaches sqlcmd as `SQLCMDPASSWORD` read from the private file at run time, so it
 * is in neither the script nor argv; `-N` encrypts unless `ssl` is off, `-C` trusts the
 * certificate only for `ssl: require`. Client identification: `-H` (the workstation name).
 */
function mssqlHelper(r: ResolvedDbConnection, files: Record<string, string>): string {
  const db = r.db;
  const args = [
    '-S',
    `${db.host},${db.port}`,
    '-U',
    db.user,
    ...(db.database === undefined ? [] : ['-d', db.database]),
    ...(db.ssl === 'disable' ? [] : ['-N']),
    ...(db.ssl === 'require' ? ['-C'] : []),
    ...(db.appName === undefined ? [] : ['-H', db.appName]),
    '-b',
  ];
  return `SQLCMDPASSWORD=$(cat ${q(files.password!)}) exec sqlcmd ${args.map(q).join(' ')} "$@"\n`;
}

/**
 * The original's helpers ran `lava-email` / `lava-slack` with the connection's id, which read the
 * connection again with the worker's own AWS credentials. A job here has no access to the realm's
 * tables or SSM, so the helper hands `lava email` / `lava slack` the connection the broker already
 * resolved, as a 0600 JSON file (`--conn-file`); every other option is the caller's. The `lava`
 * command must be on the job's `PATH`.
 */
function notifyHelper(command: 'email' | 'slack', files: Record<string, string>): string {
  return `exec lava ${command} --conn-file ${q(files.connection!)} "$@"\n`;
}

/** Prints one attribute (no trailing newline), as the original's `get-attr-value` did. */
function genericHelper(files: Record<string, string>): string {
  const cases = Object.entries(files)
    .filter(([k]) => k.startsWith('attr:'))
    .map(([k, path]) => `  ${q(k.slice(5))}) exec cat ${q(path)} ;;`)
    .join('\n');
  return `[ $# -eq 1 ] || { echo "Usage: $0 attribute" >&2; exit 1; }\ncase "$1" in\n${cases}\n  *) echo "$1: No such parameter" >&2; exit 1 ;;\nesac\n`;
}

/** A single-quoted shell word. */
function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
