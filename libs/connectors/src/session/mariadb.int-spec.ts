import { loadSuite } from '../testing/load.suite';
import { sqlEngineSuite } from '../testing/sql-engine.suite';
import { MARIA_SPEC, openTest } from '../testing/test-databases';

sqlEngineSuite({
  name: 'MariaDB',
  dialect: 'mysql',
  open: (app) => openTest(MARIA_SPEC, app),
  slowSql: (m) => `SELECT '${m}', SLEEP(30)`,
  isRunning: async (admin, m) => {
    const r = await admin.execute(
      `SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE '%${m}%' AND id <> CONNECTION_ID()`,
    );
    return Number(r.rows![0]![0]) > 0;
  },
  // MariaDB caps recursive CTEs at max_recursive_iterations (1000); the SEQUENCE engine has no cap.
  seriesSql: (n) => `SELECT seq FROM seq_1_to_${n}`,
  amounts: ['12.30', '-0.50', '1000.00'],
  rawResults: true,
  checksSecretMasking: false,
});

loadSuite({
  name: 'MariaDB',
  open: () => openTest(MARIA_SPEC),
  methods: ['insert'],
  listTables: (p) =>
    `SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '${p}%'`,
});
