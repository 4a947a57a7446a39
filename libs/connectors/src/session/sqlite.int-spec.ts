import { loadSuite } from '../testing/load.suite';
import { sqlEngineSuite } from '../testing/sql-engine.suite';
import { openTest, sqliteSpec } from '../testing/test-databases';

const db = sqliteSpec();
afterAll(() => db.cleanup());

sqlEngineSuite({
  name: 'SQLite',
  dialect: 'sqlite3',
  open: (app) => openTest(db.spec, app),
  // No server-side sleep: an endless row stream is the long-running statement.
  slowSql: (m) => `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x, '${m}' FROM c`,
  amounts: ['12.3', '-0.5', '1000'],
  rawResults: false,
  checksSecretMasking: false,
});

loadSuite({
  name: 'SQLite',
  open: () => openTest(db.spec),
  methods: ['insert'],
  listTables: (p) => `SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '${p}%'`,
});
