/**
 * Real Oracle suite. Not part of the default tiers; run with
 *   LAVA_TEST_ORACLE_URL=oracle://user:pw@host:1521/FREEPDB1 npx jest --selectProjects unit --testMatch '**\/*.oracle-spec.ts'
 */
import { Readable } from 'node:stream';
import { ConnectorError } from '../errors';
import { loadDelimited } from '../load/load-delimited';
import { createDefaultRegistry } from '../registry';
import { runStatements } from '../sql/run-statements';
import { splitStatements } from '../sql/statement-splitter';
import type { SqlSession } from './sql-session';
import { CollectSink, uniqueName } from '../testing/test-databases';
import { specFromUrl } from '../testing/url-spec';

const { spec, secrets, password } = specFromUrl(
  'LAVA_TEST_ORACLE_URL',
  process.env['LAVA_TEST_ORACLE_URL'],
  'oracle',
  'service_name',
);
const registry = createDefaultRegistry();
jest.setTimeout(60_000);

describe('Oracle (real server)', () => {
  let s: SqlSession;
  let t: string;
  beforeAll(async () => {
    s = await registry.connect(await registry.resolve(spec, { secrets }));
    t = uniqueName('LV_ORA').toUpperCase();
    await s.execute(`CREATE TABLE ${t} (id NUMBER(10), name VARCHAR2(40), amount NUMBER(10,2))`);
  });
  afterAll(async () => {
    await s.execute(`DROP TABLE ${t}`).catch(() => undefined);
    await s.close();
  });

  it('bulk-loads with executeMany and streams CSV', async () => {
    async function* rows() {
      yield [1, 'a|b', '12.30'];
      yield [2, 'say "hi"', null];
    }
    expect(await s.bulkLoad(t, ['ID', 'NAME', 'AMOUNT'], rows(), { mode: 'insert', batchSize: 1 })).toBe(2);
    const sink = new CollectSink();
    await runStatements(s, [`SELECT id, name, amount FROM ${t} ORDER BY id`], {
      output: { format: 'csv', options: { delimiter: '|', header: true, dialect: 'unix' }, sink },
    });
    expect(sink.text()).toBe('ID|NAME|AMOUNT\n1|"a|b"|12.3\n2|"say ""hi"""|\n');
  });

  it('runs PL/SQL blocks split at / and rolls back a failed transaction', async () => {
    const script = `BEGIN\n  INSERT INTO ${t} (id) VALUES (10);\nEND;\n/\nINSERT INTO ${t} (id) VALUES (11);\nSELECT * FROM ${t}_missing;\n`;
    await expect(
      runStatements(s, splitStatements(script, 'oracle'), { transaction: true }),
    ).rejects.toMatchObject({ code: 'SQL_FAILED', context: { statement_index: 2 } });
    const r = await s.execute(`SELECT COUNT(*) FROM ${t} WHERE id >= 10`);
    expect(Number(r.rows![0]![0])).toBe(0);
  });

  it('cancels a long statement with break() on timeout', async () => {
    const slow = 'SELECT COUNT(*) FROM all_objects a, all_objects b, all_objects c';
    const err = await runStatements(s, [slow], { statementTimeoutMs: 1000 }).catch((e: unknown) => e);
    expect((err as ConnectorError).code).toBe('SQL_TIMEOUT');
    expect((await s.execute('SELECT 1 FROM dual')).rows).toEqual([[1]]);
  });

  it('db_from_s3 load: creates, appends and drop-swaps a table; a failed load leaves it as it was', async () => {
    const name = uniqueName('lv_oraload');
    const load = (mode: 'append' | 'drop', text: string) =>
      loadDelimited(s, {
        table: name,
        mode,
        columns: ['id NUMBER(10)', 'name VARCHAR2(20)'],
        header: true,
        source: Readable.from([Buffer.from(text)]),
      });
    try {
      expect((await load('append', 'id,name\n1,a\n2,b\n')).rows).toBe(2);
      await expect(load('append', 'id,name\n3,c\nx,d\n')).rejects.toMatchObject({ code: 'LOAD_FAILED' });
      expect((await s.execute(`SELECT COUNT(*) FROM ${name}`)).rows).toEqual([[2]]);
      expect((await load('drop', 'id,name\n9,z\n')).rows).toBe(1);
      expect((await s.execute(`SELECT id, name FROM ${name}`)).rows).toEqual([[9, 'z']]);
    } finally {
      await s.execute(`DROP TABLE ${name}`).catch(() => undefined);
    }
  });

  it('masks the password in errors', async () => {
    const err = (await s.execute(`SELECT * FROM "${password}"`).catch((e: unknown) => e)) as ConnectorError;
    expect(err.message).not.toContain(password);
  });
});
