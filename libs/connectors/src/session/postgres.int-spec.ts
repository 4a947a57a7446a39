import { loadSuite } from '../testing/load.suite';
import { sqlEngineSuite } from '../testing/sql-engine.suite';
import { ConnectorError } from '../errors';
import { openTest, PG_SPEC, registry, resolveTest, TEST_PASSWORD } from '../testing/test-databases';

describe('PostgreSQL session setup', () => {
  it('identifies the client with application_name', async () => {
    const s = await openTest(PG_SPEC, "lv-'test'-appname");
    try {
      expect((await s.execute("SELECT current_setting('application_name')")).rows).toEqual([
        ['lv-test-appname'],
      ]);
    } finally {
      await s.close();
    }
  });

  it('reports an unreachable database as CONNECTION_UNREACHABLE without the password', async () => {
    const resolved = await resolveTest({ ...PG_SPEC, database: 'lava_no_such_db' });
    const err = (await registry.connect(resolved).catch((e: unknown) => e)) as ConnectorError;
    expect(err.code).toBe('CONNECTION_UNREACHABLE');
    expect(err.message).toContain('lava_no_such_db');
    expect(err.message).not.toContain(TEST_PASSWORD);
  });
});

sqlEngineSuite({
  name: 'PostgreSQL',
  dialect: 'postgresql',
  open: (app) => openTest(PG_SPEC, app),
  slowSql: (m) => `SELECT '${m}', pg_sleep(30)`,
  isRunning: async (admin, m) => {
    const r = await admin.execute(
      `SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%${m}%' AND pid <> pg_backend_pid()`,
    );
    return Number(r.rows![0]![0]) > 0;
  },
  amounts: ['12.30', '-0.50', '1000.00'],
  rawResults: true,
  checksSecretMasking: true,
});

loadSuite({
  name: 'PostgreSQL',
  open: () => openTest(PG_SPEC),
  schema: 'public',
  methods: ['copy', 'insert'],
  listTables: (p) =>
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE '${p}%'`,
});
