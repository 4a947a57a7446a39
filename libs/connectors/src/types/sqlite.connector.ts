import Database from 'better-sqlite3';
import { ConnectionInvalidError, ConnectionUnreachableError } from '../errors';
import type { ConnectionSpec, ResolveContext, ResolvedDbConnection } from '../model/connection';
import { preserveCase } from '../model/db-fields';
import { reqString } from '../model/fields';
import { toConnectorError } from '../model/sanitise';
import { SqliteSession } from '../session/sqlite.session';
import type { SqlSession } from '../session/sql-session';
import type { DatabaseConnector } from './connector';

/**
 * `sqlite3`: `host` is the database file. `s3://` files must be staged to a local path by the caller
 * (the handler owns S3 I/O) and passed back in `host`.
 */
export class SqliteConnector implements DatabaseConnector {
  readonly types = ['sqlite3'] as const;
  readonly dialect = 'sqlite3' as const;

  async resolve(spec: ConnectionSpec, _ctx: ResolveContext): Promise<ResolvedDbConnection> {
    const host = reqString(spec, 'host');
    return {
      kind: 'database',
      connId: spec.conn_id,
      type: 'sqlite3',
      canonicalType: 'sqlite3',
      dialect: 'sqlite3',
      spec,
      db: {
        host,
        port: 0,
        user: '',
        password: '',
        ssl: 'disable',
        preserveCase: preserveCase(spec),
        iamToken: false,
      },
      secretValues: [],
    };
  }

  async connect(resolved: ResolvedDbConnection): Promise<SqlSession> {
    if (resolved.db.host.startsWith('s3://')) {
      throw new ConnectionInvalidError('sqlite3 database in S3 must be staged to a local file first', {
        conn_id: resolved.connId,
      });
    }
    try {
      const db = new Database(resolved.db.host);
      db.defaultSafeIntegers(false);
      return new SqliteSession(db);
    } catch (err) {
      throw toConnectorError(err, [], (m, c) => new ConnectionUnreachableError(m, c), {
        conn_id: resolved.connId,
      });
    }
  }
}
