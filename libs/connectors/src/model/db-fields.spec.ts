import type { ConnectionSpec, ResolveContext } from './connection';
import { ExpandedDbSpec } from './db-fields';

const ctx = {
  secrets: {
    ssmParameter: async (name: string) => `pw-of-${name}`,
    secretsManager: async () => '{}',
  },
  region: 'ap-southeast-2',
} as unknown as ResolveContext;

const spec = (fields: Record<string, unknown>): ConnectionSpec =>
  ({ conn_id: 'c1', type: 'postgres', enabled: true, ...fields }) as ConnectionSpec;

describe('ExpandedDbSpec', () => {
  it('cuts the app name to the limit of each dialect (none for sqlite)', async () => {
    const s = await ExpandedDbSpec.expand(spec({}), ctx);
    const long = 'x'.repeat(300);
    expect(s.appName(long, 'postgresql')).toHaveLength(63);
    expect(s.appName(long, 'redshift')).toHaveLength(250);
    expect(s.appName(long, 'mysql')).toHaveLength(64);
    expect(s.appName(long, 'mssql')).toHaveLength(128);
    expect(s.appName(long, 'oracle')).toHaveLength(48);
    expect(s.appName(long, 'sqlite3')).toBeUndefined();
    expect(s.appName(`lv-'a"b\\c`, 'postgresql')).toBe('lv-abc');
  });

  it('requires a database', async () => {
    const without = await ExpandedDbSpec.expand(spec({}), ctx);
    expect(() => without.database()).toThrow('database must be specified');
    const withDb = await ExpandedDbSpec.expand(spec({ database: 'dw' }), ctx);
    expect(withDb.database()).toBe('dw');
  });

  it('resolves to a database connection whose secrets include the expanded and the final password', async () => {
    const s = await ExpandedDbSpec.expand(spec({ password: '/db/pw', host: 'h', port: 5432 }), ctx);
    const { host, port } = s.hostPort();
    const db = {
      host,
      port,
      user: 'u',
      password: 'token',
      ssl: s.ssl(),
      preserveCase: false,
      iamToken: true,
    };
    const r = s.resolved({ type: 'postgres', canonicalType: 'postgres', dialect: 'postgresql', db });
    expect(r).toEqual({
      kind: 'database',
      connId: 'c1',
      type: 'postgres',
      canonicalType: 'postgres',
      dialect: 'postgresql',
      spec: s.spec,
      db,
      secretValues: ['pw-of-/db/pw', 'token'],
    });
  });
});
