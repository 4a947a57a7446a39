import { ConnectionInvalidError } from '../errors';
import type { ResolvedConnection, ResolvedDbConnection } from '../model/connection';
import { writeConnectionHelper } from './connection-helper';
import { mysqlOptionFile, pgpassLine, PrivateDir } from './private-dir';
import { writeSmbFiles, writeSshFiles } from './ssh-files';

/** Environment for an executable that was given a connection under `label`. */
export interface ConnectionEnv {
  /** `LAVA_CONN_<LABEL>_*` variables: plain settings and PATHS of secret files, never secret values. */
  env: Record<string, string>;
  /** Private directory holding the secret files (outside the run directory). */
  dir: string;
  /** Remove the secret files; call when the run ends (also on failure). */
  cleanup(): Promise<void>;
}

/**
 * Expose a resolved connection to a child process (exe/pkg/cmd `connections`). Non-secret settings
 * become variables; secrets are written to 0600 files in a 0700 directory under `tmpRoot` and only
 * their paths are exported, so they never reach the run directory, argv, or `ps`.
 *
 * @example
 * const { env, cleanup } = await renderConnectionEnv('db', resolved, { tmpRoot: os.tmpdir() });
 * // child: PGPASSFILE="$LAVA_CONN_DB_PGPASSFILE" psql -h "$LAVA_CONN_DB_HOST" -p "$LAVA_CONN_DB_PORT" ...
 */
export async function renderConnectionEnv(
  label: string,
  resolved: ResolvedConnection,
  opts: { tmpRoot: string },
): Promise<ConnectionEnv> {
  if (!/^\w+$/.test(label)) throw new ConnectionInvalidError('Bad connection label', { label });
  const prefix = `LAVA_CONN_${label.toUpperCase()}_`;
  const dir = await PrivateDir.create(opts.tmpRoot);
  const env: Record<string, string> = {
    [`${prefix}TYPE`]: resolved.type,
    [`${prefix}CONN_ID`]: resolved.connId,
  };
  const put = (k: string, v: string | number | undefined): void => {
    if (v !== undefined) env[prefix + k] = String(v);
  };
  try {
    const files = await fill(resolved, dir, put);
    // `$LAVA_CONN_<LABEL>`: the original's helper executable, for scripts written for it.
    const helper = await writeConnectionHelper(label.toLowerCase(), resolved, dir, files);
    if (helper !== undefined) env[prefix.slice(0, -1)] = helper;
  } catch (err) {
    await dir.remove();
    throw err;
  }
  return { env, dir: dir.path, cleanup: () => dir.remove() };
}

type Put = (k: string, v: string | number | undefined) => void;
/** Paths of the files written, for the helper script (`password`, `pgpass`, `mycnf`, `aws`, `attr:<name>`). */
type Files = Record<string, string>;

async function fill(r: ResolvedConnection, dir: PrivateDir, put: Put): Promise<Files> {
  switch (r.kind) {
    case 'database':
      return fillDb(r, dir, put);
    case 'aws': {
      put('REGION', r.region);
      const c = r.credentials;
      const ini = `[default]\naws_access_key_id = ${c.accessKeyId}\naws_secret_access_key = ${c.secretAccessKey}\n${c.sessionToken === undefined ? '' : `aws_session_token = ${c.sessionToken}\n`}`;
      const aws = await dir.file('aws-credentials', ini);
      put('AWS_SHARED_CREDENTIALS_FILE', aws);
      return { aws };
    }
    case 'generic':
      return fillGeneric(r.attributes, r.secretAttributes, dir, put);
    case 'docker':
      // A registry login, for a job that pushes images itself: the password only as a file.
      put('REGISTRY', r.registry?.server);
      put('USER', r.registry?.username);
      if (r.registry) put('PASSWORD_FILE', await dir.file('registry-password', r.registry.password));
      return {};
    case 'slack':
      put('WEBHOOK_URL_FILE', await dir.file('webhook-url', r.webhookUrl));
      return { connection: await dir.file('connection.json', JSON.stringify(r)) };
    case 'email':
      put('FROM', r.email.from);
      if (r.email.subtype === 'smtp') {
        put('SMTP_HOST', r.email.host);
        put('SMTP_PORT', r.email.port);
        put('SMTP_USER', r.email.user);
        if (r.email.password !== undefined)
          put('SMTP_PASSWORD_FILE', await dir.file('smtp-password', r.email.password));
      }
      // The whole resolved connection for the helper's `lava email --conn-file` (secrets: 0600).
      return { connection: await dir.file('connection.json', JSON.stringify(r)) };
    case 'smb':
      return writeSmbFiles(r, dir, put);
    case 'ssh':
      return writeSshFiles(r, dir, put);
    case 'sharepoint': {
      const sp = r.sharepoint;
      put('ORG_BASE_URL', sp.orgBaseUrl);
      put('SITE_NAME', sp.siteName);
      put('TENANT', sp.tenant);
      put('CLIENT_ID', sp.clientId);
      put('LOGIN_URL', sp.loginUrl);
      put('GRAPH_URL', sp.graphUrl);
      put('CLIENT_SECRET_FILE', await dir.file('client-secret', sp.clientSecret));
      return {};
    }
  }
}

/**
 * Plain attributes as variables, secret ones as file paths; every attribute also in a file of
 * its own for the helper, printed as the original printed it (Python `str()`: `True`, `None`).
 */
async function fillGeneric(
  attributes: Record<string, string | number | boolean | null>,
  secret: readonly string[],
  dir: PrivateDir,
  put: Put,
): Promise<Files> {
  const files: Files = {};
  for (const [name, value] of Object.entries(attributes)) {
    const key = `ATTR_${name.toUpperCase().replace(/-/g, '_')}`;
    const path = await dir.file(`attr-${Object.keys(files).length}`, pythonStr(value));
    files[`attr:${name}`] = path;
    if (secret.includes(name)) put(`${key}_FILE`, path);
    else put(key, value === null ? '' : String(value));
  }
  return files;
}

function pythonStr(value: string | number | boolean | null): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

async function fillDb(r: ResolvedDbConnection, dir: PrivateDir, put: Put): Promise<Files> {
  const db = r.db;
  put('HOST', db.host);
  if (r.dialect === 'sqlite3') return {};
  put('PORT', db.port);
  put('USER', db.user);
  put('DATABASE', db.database ?? db.serviceName ?? db.sid);
  put('SSLMODE', db.ssl);
  const files: Files = { password: await dir.file('password', db.password) };
  put('PASSWORD_FILE', files.password);
  if (r.dialect === 'postgresql' || r.dialect === 'redshift')
    put('PGPASSFILE', (files.pgpass = await dir.file('pgpass', pgpassLine(db.password))));
  if (r.dialect === 'mysql')
    put(
      'MYSQL_DEFAULTS_FILE',
      (files.mycnf = await dir.file('my.cnf', mysqlOptionFile(db.user, db.password))),
    );
  return files;
}
