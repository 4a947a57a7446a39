import { loadSuite } from '../testing/load.suite';
import { sqlEngineSuite } from '../testing/sql-engine.suite';
import { openTest, PG_SPEC } from '../testing/test-databases';

sqlEngineSuite({
  name: 'PostgreSQL',
  dialect: 'postgresql',
  open: (app) => openTest(PG_SPEC, app),
  slowSql: (m) => `SELECT '${m}', pg_sleep(30)`,
  isRunning: async (admin, m) => {
    const r = await admin.execute(`SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%${m}%' AND pid <> pg_backend_pid()`);
    return Number(r.rows![0]![0]) > 0;
  },
  amounts: ['12.30', '-0.50', '1000.00'],
  checksSecretMasking: true,
});

loadSuite({
  name: 'PostgreSQL',
  open: () => openTest(PG_SPEC),
  schema: 'public',
  methods: ['copy', 'insert'],
  listTables: (p) => `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE '${p}%'`,
});
