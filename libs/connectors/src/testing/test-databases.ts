import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { ConnectionSpec, ResolvedDbConnection } from '../model/connection';
import { createDefaultRegistry } from '../registry';
import type { SqlSession } from '../session/sql-session';
import { InMemorySecrets } from './in-memory-secrets';

/**
 * Local test databases (CI provides them): PostgreSQL 127.0.0.1:5432 (trust auth) and MariaDB
 * 127.0.0.1:3306 (root, empty password). The "password" below is a marker that must never appear
 * in an error message; trust auth ignores it.
 */
export const TEST_PASSWORD = 'Lava-Test-Pw-7f3a9';
const secrets = new InMemorySecrets({ '/lava/test/pg': TEST_PASSWORD, '/lava/test/maria': '' });
export const registry = createDefaultRegistry();

export const PG_SPEC: ConnectionSpec = {
  conn_id: 'pg',
  type: 'postgres',
  enabled: true,
  host: '127.0.0.1',
  port: 5432,
  user: 'postgres',
  password: '/lava/test/pg',
  database: 'test',
};
export const MARIA_SPEC: ConnectionSpec = {
  conn_id: 'maria',
  type: 'mariadb',
  enabled: true,
  host: '127.0.0.1',
  port: 3306,
  user: 'root',
  password: '/lava/test/maria',
  database: 'test',
};

export async function resolveTest(spec: ConnectionSpec, appName?: string): Promise<ResolvedDbConnection> {
  const r = await registry.resolve(spec, { secrets, appName });
  if (r.kind !== 'database') throw new Error('expected a database connection');
  return r;
}

export async function openTest(spec: ConnectionSpec, appName?: string): Promise<SqlSession> {
  return registry.connect(await resolveTest(spec, appName));
}

/** A private SQLite file; `cleanup()` removes it. */
export function sqliteSpec(): { spec: ConnectionSpec; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lava-sqlite-'));
  return {
    spec: { conn_id: 'lite', type: 'sqlite3', enabled: true, host: join(dir, 'test.db') },
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Unique, lower-case object name per test. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** A Writable that collects everything written. */
export class CollectSink extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.chunks.push(Buffer.from(chunk));
    cb();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
