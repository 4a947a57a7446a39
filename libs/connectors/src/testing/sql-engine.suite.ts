import { SQL_JOB_CSV_DEFAULTS } from '../sql/delimited-writer';
import { runStatements } from '../sql/run-statements';
import { splitStatements, type SplitDialect } from '../sql/statement-splitter';
import type { SqlSession } from '../session/sql-session';
import { ConnectorError } from '../errors';
import { pollUntil } from '@lava/errors';
import { CollectSink, TEST_PASSWORD, uniqueName } from './test-databases';

export interface EngineSuiteConfig {
  name: string;
  dialect: SplitDialect;
  open: (appName?: string) => Promise<SqlSession>;
  /** A statement that runs for ~30 s (server-side sleep or endless row stream), tagged with `marker`. */
  slowSql: (marker: string) => string;
  /** Whether a statement containing `marker` is still executing on the server (undefined: no server). */
  isRunning?: (admin: SqlSession, marker: string) => Promise<boolean>;
  /** Expected text of the amount column values 12.30, -0.50, 1000.00. */
  amounts: [string, string, string];
  /** Query returning the integers 1..n in one column (default: recursive CTE). */
  seriesSql?: (n: number) => string;
  /** The driver returns result sets from multi-statement (raw) text. */
  rawResults: boolean;
  /** The connection carries TEST_PASSWORD, so errors must mask it. */
  checksSecretMasking: boolean;
}

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ConnectorError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

/** SQL engine behaviour every in-process database must show (sql/sqli/sqlv). */
export function sqlEngineSuite(cfg: EngineSuiteConfig): void {
  describe(`${cfg.name}: SQL engine`, () => {
    let s: SqlSession;
    let admin: SqlSession;
    const tables: string[] = [];
    beforeAll(async () => {
      s = await cfg.open();
      admin = await cfg.open();
    });
    afterAll(async () => {
      for (const t of tables) await admin.execute(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
      await s.close();
      await admin.close();
    });
    const table = async (): Promise<string> => {
      const t = uniqueName('lv_eng');
      tables.push(t);
      await admin.execute(
        `CREATE TABLE ${t} (id INTEGER, name VARCHAR(50), amount DECIMAL(10,2), note VARCHAR(50))`,
      );
      await admin.execute(
        `INSERT INTO ${t} VALUES (1, 'plain', 12.30, NULL), (2, 'has|pipe', -0.50, 'say "hi"'), (3, 'multi\nline', 1000.00, '')`,
      );
      return t;
    };

    it('writes result sets byte-exact with the sql job defaults and a header', async () => {
      const t = await table();
      const sink = new CollectSink();
      const res = await runStatements(s, [`SELECT id, name, amount, note FROM ${t} ORDER BY id`], {
        output: { format: 'csv', options: { ...SQL_JOB_CSV_DEFAULTS, header: true }, sink },
      });
      const [a, b, c] = cfg.amounts;
      expect(sink.text()).toBe(
        `id|name|amount|note\r\n1|plain|${a}|\r\n2|"has|pipe"|${b}|"say ""hi"""\r\n3|"multi\nline"|${c}|\r\n`,
      );
      expect(res).toEqual([
        expect.objectContaining({ index: 0, rowCount: 3, columns: ['id', 'name', 'amount', 'note'] }),
      ]);
    });

    it('honours quoting all, unix line ends and a custom delimiter', async () => {
      const t = await table();
      const sink = new CollectSink();
      await runStatements(s, [`SELECT id, note FROM ${t} ORDER BY id`], {
        output: { format: 'csv', options: { quoting: 'all', dialect: 'unix', delimiter: ';' }, sink },
      });
      expect(sink.text()).toBe('"1";""\n"2";"say ""hi"""\n"3";""\n');
    });

    it('gives each result set its own output, keeps split indexes and skips empty pieces', async () => {
      const t = await table();
      const files = new Map<number, CollectSink>();
      const script = `UPDATE ${t} SET note = 'x' WHERE id > 1;\n;\nSELECT name FROM ${t} WHERE id = 1;\n-- just a comment\nSELECT COUNT(*) AS n FROM ${t};`;
      const res = await runStatements(s, splitStatements(script, cfg.dialect), {
        output: {
          format: 'csv',
          options: { dialect: 'unix' },
          sink: ({ index }) => files.set(index, new CollectSink()).get(index)!,
        },
      });
      expect(res.map((r) => [r.index, r.rowCount])).toEqual([
        [0, 2],
        [2, 1],
        [3, 1],
      ]);
      expect([...files.keys()]).toEqual([2, 3]);
      expect(files.get(2)!.text()).toBe('plain\n');
      expect(files.get(3)!.text()).toBe('3\n');
    });

    it('rolls the whole transaction back when a statement fails', async () => {
      const t = await table();
      const err = await failure(
        runStatements(
          s,
          [
            `INSERT INTO ${t} (id) VALUES (10)`,
            `DELETE FROM ${t} WHERE id = 1`,
            `SELECT * FROM ${t}_missing`,
          ],
          { transaction: true },
        ),
      );
      expect(err.code).toBe('SQL_FAILED');
      expect(err.context['statement_index']).toBe(2);
      expect(s.inTransaction).toBe(false);
      const r = await admin.execute(`SELECT id FROM ${t} ORDER BY id`);
      expect(r.rows!.map((x) => Number(x[0]))).toEqual([1, 2, 3]);
    });

    it('keeps earlier statements committed without a transaction', async () => {
      const t = await table();
      await failure(runStatements(s, [`DELETE FROM ${t} WHERE id = 1`, `SELECT * FROM ${t}_missing`]));
      const r = await admin.execute(`SELECT COUNT(*) FROM ${t}`);
      expect(Number(r.rows![0]![0])).toBe(2);
    });

    it('cancels a statement on the server when its timeout expires and stays usable', async () => {
      const marker = uniqueName('lvslow');
      const started = Date.now();
      const err = await failure(
        runStatements(s, [cfg.slowSql(marker)], {
          statementTimeoutMs: 400,
          output: { format: 'csv', sink: new CollectSink() },
        }),
      );
      expect(err.code).toBe('SQL_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(10_000);
      if (cfg.isRunning !== undefined) {
        await pollUntil(async () => ((await cfg.isRunning!(admin, marker)) ? undefined : true), {
          what: 'the timed-out statement to stop',
          timeoutMs: 5000,
        });
      }
      expect((await s.execute('SELECT 1')).rows).toEqual([[1]]);
    });

    it('rolls back and cancels when the whole-run timeout expires inside a transaction', async () => {
      const t = await table();
      const marker = uniqueName('lvrun');
      const err = await failure(
        runStatements(s, [`DELETE FROM ${t}`, cfg.slowSql(marker)], {
          transaction: true,
          timeoutMs: 500,
          output: { format: 'csv', sink: new CollectSink() },
        }),
      );
      expect(err.code).toBe('SQL_TIMEOUT');
      expect(err.message).toMatch(/Run timed out/);
      expect(err.context['statement_index']).toBe(1);
      const r = await admin.execute(`SELECT COUNT(*) FROM ${t}`);
      expect(Number(r.rows![0]![0])).toBe(3);
    });

    it('cancels on an abort signal', async () => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 200);
      const err = await failure(
        runStatements(s, [cfg.slowSql(uniqueName('lvabort'))], {
          signal: ac.signal,
          output: { format: 'csv', sink: new CollectSink() },
        }),
      );
      expect(err.code).toBe('SQL_CANCELLED');
    });

    it('streams 100k rows through a cursor', async () => {
      let bytes = 0;
      const sink = new (class extends CollectSink {
        override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void): void {
          bytes += chunk.length;
          cb();
        }
      })();
      const series =
        cfg.seriesSql ??
        ((n: number) =>
          `WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${n}) SELECT n FROM g`);
      const [res] = await runStatements(s, [series(100000)], {
        fetchSize: 500,
        output: { format: 'csv', options: { dialect: 'unix' }, sink },
      });
      expect(res!.rowCount).toBe(100000);
      // digits of 1..100000 plus one newline each
      expect(bytes).toBe(488895 + 100000);
    }, 60_000);

    it('stops a stream early and the session stays usable', async () => {
      const series =
        cfg.seriesSql ??
        ((n: number) =>
          `WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${n}) SELECT n FROM g`);
      const stream = await s.stream(series(100000), { fetchSize: 100 });
      let seen = 0;
      for await (const row of stream) {
        expect(Number(row[0])).toBe(++seen);
        if (seen === 250) break;
      }
      expect(seen).toBe(250);
      expect((await s.execute('SELECT 1')).rows).toEqual([[1]]);
    });

    it('raw mode runs a whole multi-statement text in one call', async () => {
      const t = await table();
      const sink = new CollectSink();
      const [res] = await runStatements(
        s,
        [`UPDATE ${t} SET note = 'r' WHERE id = 1; SELECT note FROM ${t} WHERE id = 1;`],
        {
          raw: true,
          output: { format: 'csv', options: { dialect: 'unix' }, sink },
        },
      );
      const r = await admin.execute(`SELECT note FROM ${t} WHERE id = 1`);
      expect(r.rows).toEqual([['r']]);
      if (cfg.rawResults) {
        expect(res!.rowCount).toBe(1);
        expect(sink.text()).toBe('r\n');
      }
    });

    if (cfg.checksSecretMasking) {
      it('never puts the connection password into an error message', async () => {
        const err = await failure(s.execute(`SELECT * FROM ${s.quoteIdent(TEST_PASSWORD)}`));
        expect(err.message).not.toContain(TEST_PASSWORD);
        expect(err.message).toContain('***');
      });
    }
  });
}
