import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { ConnectorError } from '../errors';
import { loadDelimited } from '../load/load-delimited';
import type { LoadDelimitedOptions } from '../load/load-options';
import type { SqlSession } from '../session/sql-session';
import { uniqueName } from './test-databases';

export interface LoadSuiteConfig {
  name: string;
  open: () => Promise<SqlSession>;
  schema?: string;
  methods: Array<'copy' | 'insert'>;
  /** SQL listing every table whose name starts with a prefix (to prove no staging leftovers). */
  listTables: (prefix: string) => string;
}

// Quotes, an embedded delimiter, an embedded newline, NULL (unquoted empty) vs '' (quoted empty).
const CSV = 'id,name,note\r\n1,plain,\r\n2,"a, b","say ""hi"""\r\n3,"two\nlines",""\r\n';
const COLUMNS = ['id INTEGER', 'name VARCHAR(40)', 'note VARCHAR(40)'];
const EXPECTED = [
  ['1', 'plain', null],
  ['2', 'a, b', 'say "hi"'],
  ['3', 'two\nlines', ''],
];

/** Feed text in 7-byte chunks so fields straddle chunk boundaries. */
function chunks(text: string): Readable {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += 7) parts.push(text.slice(i, i + 7));
  return Readable.from(parts);
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

/** db_from_s3 loader behaviour for one database, for every method the database supports. */
export function loadSuite(cfg: LoadSuiteConfig): void {
  describe.each(cfg.methods)(`${cfg.name}: loadDelimited (%s)`, (method) => {
    let s: SqlSession;
    const made: string[] = [];
    beforeAll(async () => {
      s = await cfg.open();
    });
    afterAll(async () => {
      for (const t of made) await s.execute(`DROP TABLE IF EXISTS ${q(t)}`).catch(() => undefined);
      await s.close();
    });
    const q = (t: string): string =>
      cfg.schema === undefined ? s.quoteIdent(t) : `${s.quoteIdent(cfg.schema)}.${s.quoteIdent(t)}`;
    const name = (): string => {
      const t = uniqueName('lv_load');
      made.push(t, `${t}_a`, `${t}_b`);
      return t;
    };
    const load = (table: string, extra: Partial<LoadDelimitedOptions> & Pick<LoadDelimitedOptions, 'mode'>) =>
      loadDelimited(s, {
        schema: cfg.schema,
        table,
        source: chunks(CSV),
        columns: COLUMNS,
        header: true,
        method,
        batchSize: 2,
        ...extra,
      });
    const contents = async (t: string): Promise<unknown[][]> => {
      const r = await s.execute(`SELECT id, name, note FROM ${q(t)} ORDER BY id`);
      return r.rows!.map((row) => [String(row[0]), row[1], row[2]]);
    };
    const seed = async (t: string): Promise<void> => {
      await s.execute(`CREATE TABLE ${q(t)} (id INTEGER, name VARCHAR(40), note VARCHAR(40))`);
      await s.execute(`INSERT INTO ${q(t)} VALUES (99, 'old', 'row')`);
    };

    it('creates a missing table and loads quoted fields, NULL vs empty string', async () => {
      const t = name();
      const res = await load(t, { mode: 'append' });
      expect(res.rows).toBe(3);
      expect(res.events[0]).toMatch(/^Checking/);
      expect(res.events).toContain(`Creating table ${q(t)}`);
      expect(res.events.at(-1)).toBe(`Commit ${q(t)}`);
      expect(await contents(t)).toEqual(EXPECTED);
    });

    it('truncate replaces, append adds, delete replaces', async () => {
      const t = name();
      await seed(t);
      await load(t, { mode: 'append' });
      expect((await contents(t)).map((r) => r[0])).toEqual(['1', '2', '3', '99']);
      await load(t, { mode: 'truncate' });
      expect(await contents(t)).toEqual(EXPECTED);
      await s.execute(`INSERT INTO ${q(t)} VALUES (98, 'x', 'y')`);
      await load(t, { mode: 'delete' });
      expect(await contents(t)).toEqual(EXPECTED);
    });

    it('drop recreates the table from the column spec', async () => {
      const t = name();
      await s.execute(`CREATE TABLE ${q(t)} (other INTEGER)`);
      await load(t, { mode: 'drop' });
      expect(await contents(t)).toEqual(EXPECTED);
      const leftovers = await s.execute(cfg.listTables(`${t}__lava`));
      expect(leftovers.rows).toEqual([]);
    });

    it('abort refuses a table holding data but loads into an empty one', async () => {
      const t = name();
      await seed(t);
      const err = await failure(load(t, { mode: 'abort' }));
      expect(err.code).toBe('LOAD_FAILED');
      expect(err.message).toMatch(/already contains data/);
      expect(await contents(t)).toEqual([['99', 'old', 'row']]);
      await s.execute(`DELETE FROM ${q(t)}`);
      await load(t, { mode: 'abort' });
      expect(await contents(t)).toEqual(EXPECTED);
    });

    it('switch loads the empty one of A/B and empties the other', async () => {
      const t = name();
      const first = await load(t, { mode: 'switch' });
      expect(first.table).toBe(q(`${t}_a`));
      const second = await load(t, { mode: 'switch' });
      expect(second.table).toBe(q(`${t}_b`));
      expect(await contents(`${t}_a`)).toEqual([]);
      expect(await contents(`${t}_b`)).toEqual(EXPECTED);
    });

    it.each(['truncate', 'drop', 'delete'] as const)(
      'a bad record leaves the table untouched (%s)',
      async (mode) => {
        const t = name();
        await seed(t);
        const err = await failure(
          loadDelimited(s, {
            schema: cfg.schema,
            table: t,
            source: chunks(`${CSV}4,short\r\n`),
            columns: COLUMNS,
            header: true,
            mode,
            method,
            batchSize: 2,
          }),
        );
        expect(err.code).toBe('LOAD_FAILED');
        expect(err.message).toBe('Expected 3 columns but got 2 (record 5)');
        expect(await contents(t)).toEqual([['99', 'old', 'row']]);
        expect((await s.execute(cfg.listTables(`${t}__lava`))).rows).toEqual([]);
      },
    );

    it('a failed load into a missing table does not leave the table behind', async () => {
      const t = name();
      await failure(
        loadDelimited(s, {
          schema: cfg.schema,
          table: t,
          source: chunks('1,a\n2\n'),
          columns: ['id INTEGER', 'name VARCHAR(10)'],
          mode: 'append',
          method,
        }),
      );
      expect((await s.execute(cfg.listTables(t))).rows).toEqual([]);
    });

    it('needs a column spec to create a table; otherwise reads columns from the catalogue', async () => {
      const t = name();
      const err = await failure(
        loadDelimited(s, { schema: cfg.schema, table: t, source: chunks(CSV), mode: 'append', method }),
      );
      expect(err.message).toBe(`Table ${q(t)} doesn't exist and no column spec provided`);
      await seed(t);
      await loadDelimited(s, {
        schema: cfg.schema,
        table: t.toUpperCase(),
        source: chunks(CSV),
        header: 1,
        mode: 'truncate',
        method,
      });
      expect(await contents(t)).toEqual(EXPECTED);
    });

    it('honours delimiter, quote and escape characters and gzip input', async () => {
      const t = name();
      const text = "id|name|note\n1|'it''s'|a\\|b\n";
      await loadDelimited(s, {
        schema: cfg.schema,
        table: t,
        source: Readable.from([gzipSync(text)]),
        gzip: true,
        columns: COLUMNS,
        header: true,
        delimiter: '|',
        quotechar: "'",
        escapechar: '\\',
        mode: 'append',
        method,
      });
      expect(await contents(t)).toEqual([['1', "it's", 'a|b']]);
    });
  });
}
