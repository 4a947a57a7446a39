/**
 * Real SQL Server suite. Not part of the default tiers; run with
 *   LAVA_TEST_MSSQL_URL=mssql://sa:pw@host:1433/master npx jest --selectProjects unit --testMatch '**\/*.mssql-spec.ts'
 */
import { ConnectorError } from '../errors';
import { createDefaultRegistry } from '../registry';
import { runStatements } from '../sql/run-statements';
import type { SqlSession } from './sql-session';
import { CollectSink, uniqueName } from '../testing/test-databases';
import { specFromUrl } from '../testing/url-spec';

const { spec, secrets, password } = specFromUrl(
  'LAVA_TEST_MSSQL_URL',
  process.env['LAVA_TEST_MSSQL_URL'],
  'mssql',
  'database',
);
const registry = createDefaultRegistry();
jest.setTimeout(60_000);

describe('SQL Server (real server)', () => {
  let s: SqlSession;
  let t: string;
  beforeAll(async () => {
    s = await registry.connect(await registry.resolve({ ...spec, ssl: 'require' }, { secrets }));
    t = uniqueName('lv_ms');
    await s.execute(`CREATE TABLE ${s.quoteIdent(t)} (id INT, name NVARCHAR(40), amount DECIMAL(10,2))`);
  });
  afterAll(async () => {
    await s.execute(`DROP TABLE IF EXISTS ${s.quoteIdent(t)}`).catch(() => undefined);
    await s.close();
  });

  it('bulk-loads with batched INSERT and streams CSV', async () => {
    async function* rows() {
      yield [1, 'a|b', '12.30'];
      yield [2, 'say "hi"', null];
    }
    expect(
      await s.bulkLoad(s.quoteIdent(t), ['id', 'name', 'amount'], rows(), { mode: 'insert', batchSize: 10 }),
    ).toBe(2);
    const sink = new CollectSink();
    await runStatements(s, [`SELECT id, name, amount FROM ${s.quoteIdent(t)} ORDER BY id`], {
      output: { format: 'csv', options: { delimiter: '|', header: true, dialect: 'unix' }, sink },
    });
    expect(sink.text()).toBe('id|name|amount\n1|"a|b"|12.3\n2|"say ""hi"""|\n');
  });

  it('rolls back a failed transaction', async () => {
    await expect(
      runStatements(s, [`INSERT INTO ${s.quoteIdent(t)} (id) VALUES (10)`, 'SELECT * FROM no_such_table_x'], {
        transaction: true,
      }),
    ).rejects.toMatchObject({ code: 'SQL_FAILED' });
    const r = await s.execute(`SELECT COUNT(*) FROM ${s.quoteIdent(t)} WHERE id = 10`);
    expect(Number(r.rows![0]![0])).toBe(0);
  });

  it('cancels WAITFOR on timeout', async () => {
    const err = await runStatements(s, ["SELECT 'x' AS a; WAITFOR DELAY '00:00:30'"], {
      statementTimeoutMs: 500,
      output: { format: 'csv', sink: new CollectSink() },
    }).catch((e: unknown) => e);
    expect((err as ConnectorError).code).toBe('SQL_TIMEOUT');
  });

  it('masks the password in errors', async () => {
    const err = (await s.execute(`SELECT * FROM [${password}]`).catch((e: unknown) => e)) as ConnectorError;
    expect(err.message).not.toContain(password);
  });
});
