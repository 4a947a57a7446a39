import { JobFailedError } from '@lava/core';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { makeContext, makeJob } from '../testing/handler-context.fixture';
import { sqliteConnection, tempSqlite } from '../testing/sql-fixture';
import { parseLoadArgs } from '../sql/load-args';
import { DbFromS3Handler, derive } from './db-from-s3.handler';

const handler = new DbFromS3Handler();
const COLUMNS = ['id INTEGER', 'name TEXT', 'note TEXT'];

describe('db_from_s3 handler on SQLite', () => {
  let db: { file: string; cleanup: () => void };
  let lite: Database.Database;
  beforeEach(() => {
    db = tempSqlite();
    lite = new Database(db.file);
  });
  afterEach(() => {
    lite.close();
    db.cleanup();
  });
  const run = (parameters: Record<string, unknown>, objects: Record<string, Buffer | string>, dev = false) =>
    handler.run(
      makeContext(
        makeJob({
          type: 'db_from_s3',
          payload: null,
          parameters: { db_conn_id: 'lite', bucket: 'b', schema: 'main', ...parameters },
        }),
        {
          connections: { lite: sqliteConnection(db.file) },
          objects,
          dev,
        },
      ).ctx,
    );
  const rows = (table: string) => lite.prepare(`SELECT * FROM ${table} ORDER BY id`).raw().all();

  it('creates the table from columns and loads quoted CSV with a header', async () => {
    const csv = 'id,name,note\n1,"a, b","say ""hi"""\n2,"multi\nline",\n';
    const result = await run(
      { key: 'in/t.csv', table: 'Sales', mode: 'append', columns: COLUMNS, args: ['HEADER'] },
      { 's3://b/in/t.csv': csv },
    );
    expect(result).toMatchObject({ exit_status: 0, bucket: 'b', key: 'in/t.csv', rows: 2 });
    expect(result.events).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Creating table "sales"/), 'Commit "sales"']),
    );
    expect(rows('sales')).toEqual([
      [1, 'a, b', 'say "hi"'],
      [2, 'multi\nline', null],
    ]);
  });

  it('truncate replaces rows; append adds; delete empties first', async () => {
    lite.exec("CREATE TABLE t (id INTEGER, name TEXT, note TEXT); INSERT INTO t VALUES (9, 'old', NULL)");
    await run({ key: 'k.csv', table: 't', mode: 'append' }, { 's3://b/k.csv': '1,x,\n' });
    expect(rows('t')).toHaveLength(2);
    await run({ key: 'k.csv', table: 't', mode: 'truncate' }, { 's3://b/k.csv': '1,x,\n' });
    expect(rows('t')).toEqual([[1, 'x', null]]);
    await run({ key: 'k.csv', table: 't', mode: 'delete' }, { 's3://b/k.csv': '2,y,z\n' });
    expect(rows('t')).toEqual([[2, 'y', 'z']]);
  });

  it('abort fails only when the table already holds rows', async () => {
    lite.exec('CREATE TABLE t (id INTEGER, name TEXT, note TEXT)');
    await run({ key: 'k.csv', table: 't', mode: 'abort' }, { 's3://b/k.csv': '1,x,\n' });
    const err = (await run({ key: 'k.csv', table: 't', mode: 'abort' }, { 's3://b/k.csv': '2,y,\n' }).catch(
      (e: unknown) => e,
    )) as JobFailedError;
    expect(err.message).toBe('Copy failed: Table "t" already contains data');
    expect(err.data).toMatchObject({ exit_status: 1, bucket: 'b', key: 'k.csv' });
  });

  it('drop recreates the table with the given columns', async () => {
    lite.exec("CREATE TABLE t (other TEXT); INSERT INTO t VALUES ('gone')");
    await run({ key: 'k.csv', table: 't', mode: 'drop', columns: COLUMNS }, { 's3://b/k.csv': '1,x,y\n' });
    expect(rows('t')).toEqual([[1, 'x', 'y']]);
  });

  it('switch loads the empty one of t_a / t_b and empties the other', async () => {
    const first = await run(
      { key: 'k.csv', table: 't', mode: 'switch', columns: COLUMNS },
      { 's3://b/k.csv': '1,x,\n' },
    );
    expect(first.table).toBe('"t_a"');
    const second = await run(
      { key: 'k.csv', table: 't', mode: 'switch', columns: COLUMNS },
      { 's3://b/k.csv': '2,y,\n' },
    );
    expect(second.table).toBe('"t_b"');
    expect(rows('t_a')).toEqual([]);
    expect(rows('t_b')).toEqual([[2, 'y', null]]);
  });

  it('a bad row rolls the whole load back (target unchanged)', async () => {
    lite.exec("CREATE TABLE t (id INTEGER, name TEXT, note TEXT); INSERT INTO t VALUES (9, 'keep', NULL)");
    const err = (await run(
      { key: 'k.csv', table: 't', mode: 'truncate' },
      { 's3://b/k.csv': '1,x,\n2,only-two\n' },
    ).catch((e: unknown) => e)) as JobFailedError;
    expect(err.message).toMatch(/^Copy failed: .*Expected 3 columns but got 2/);
    expect(rows('t')).toEqual([[9, 'keep', null]]);
  });

  it('honours DELIMITER, QUOTE and ESCAPE (the original ignored ESCAPECHAR)', async () => {
    const csv = "1|'a|b'|x\\'y\n";
    await run(
      {
        key: 'k.csv',
        table: 't',
        mode: 'append',
        columns: COLUMNS,
        args: ["DELIMITER '|'", "QUOTE ''''", "ESCAPECHAR '\\'"],
      },
      { 's3://b/k.csv': csv },
    );
    expect(rows('t')).toEqual([[1, 'a|b', "x'y"]]);
  });

  it('GZIP + MANIFEST: loads every entry, skipping each header, in one transaction', async () => {
    const manifest = JSON.stringify({
      entries: [
        { url: 's3://b/p/1.csv.gz', mandatory: true },
        { url: 's3://b/p/2.csv.gz' },
        { url: 's3://b/p/missing.gz' },
      ],
    });
    const objects = {
      's3://b/m.json': manifest,
      's3://b/p/1.csv.gz': gzipSync('id,name,note\n1,a,\n2,b,\n'),
      's3://b/p/2.csv.gz': gzipSync('id,name,note\n3,c,no-newline-at-end'),
    };
    const result = await run(
      { key: 'm.json', table: 't', mode: 'append', columns: COLUMNS, args: ['GZIP', 'MANIFEST', 'HEADER'] },
      objects,
    );
    expect(result.rows).toBe(3);
    expect(result.events).toContain('Skipped missing object s3://b/p/missing.gz');
    expect(rows('t')).toEqual([
      [1, 'a', null],
      [2, 'b', null],
      [3, 'c', 'no-newline-at-end'],
    ]);
  });

  it('min_size skips a runt object before the table is touched (original truncated first)', async () => {
    lite.exec("CREATE TABLE t (id INTEGER, name TEXT, note TEXT); INSERT INTO t VALUES (9, 'keep', NULL)");
    const result = await run(
      { key: 'k.csv', table: 't', mode: 'truncate', min_size: '1K' },
      { 's3://b/k.csv': '1,x,\n' },
    );
    expect(result).toMatchObject({ exit_status: 0, rows: 0 });
    expect(result.events).toEqual([
      'Skipped s3://b/k.csv: 5 bytes is below min_size',
      'Nothing to load; target left unchanged',
    ]);
    expect(rows('t')).toEqual([[9, 'keep', null]]);
  });

  it('skip_missing succeeds without a source; otherwise a missing object fails', async () => {
    expect(await run({ key: 'none.csv', table: 't', mode: 'append', skip_missing: 'yes' }, {})).toEqual({
      exit_status: 0,
      bucket: 'b',
      key: 'none.csv',
      events: ['Skipped missing object'],
    });
    await expect(run({ key: 'none.csv', table: 't', mode: 'append', columns: COLUMNS }, {})).rejects.toThrow(
      'Copy failed: No such object: s3://b/none.csv',
    );
  });

  it('renders bucket and key, then schema/table with bucket and key; derives names by regex', async () => {
    const result = await run(
      {
        key: 'in/{{ vars.day }}/orders.2024.csv',
        table: '/([a-z]+)$',
        mode: 'append',
        columns: COLUMNS,
        vars: { day: 'mon' },
      },
      { 's3://b/in/mon/orders.2024.csv': '1,x,\n' },
    );
    expect(result).toMatchObject({ key: 'in/mon/orders.2024.csv', table: '"orders"', rows: 1 });
    expect(derive('/^in\\/(\\w+)', 'in/sales.2024.csv.gz', 'table')).toBe('sales');
    // The original's wording (alerts match on it), and its lower-casing of names.
    expect(() => derive('/(\\d+)', 'in/sales.csv', 'table')).toThrow(
      'Object name in/sales does not match table regex',
    );
    expect(() => derive('/sales', 'in/sales.csv', 'table')).toThrow(
      'Regex for table does not contain a capture group',
    );
    expect(derive('/^in\\/(\\w+)', 'in/Sales.csv', 'table')).toBe('sales');
    expect(derive('Public', 'in/sales.csv', 'schema')).toBe('public');
  });

  it('fails a missing table without columns, bad modes and bad args', async () => {
    await expect(
      run({ key: 'k.csv', table: 'nope', mode: 'append' }, { 's3://b/k.csv': '1\n' }),
    ).rejects.toThrow(`Copy failed: Table "nope" doesn't exist and no column spec provided`);
    await expect(run({ key: 'k.csv', table: 't', mode: 'merge' }, {})).rejects.toThrow('Bad mode: merge');
    await expect(run({ key: 'k.csv', table: 't', mode: 'append', args: ['IAM_ROLE x'] }, {})).rejects.toThrow(
      /args: IAM_ROLE is not one of/,
    );
    await expect(
      run(
        { key: 'k.csv', table: 't', mode: 'append', method: 'copy', columns: COLUMNS },
        { 's3://b/k.csv': '1,x,\n' },
      ),
    ).rejects.toThrow('Copy failed: COPY loading is not available for sqlite3');
  });

  it('parses loader args in both spellings', () => {
    expect(
      parseLoadArgs([
        "delimiter E'\\t'",
        'HEADER 2',
        'QUOTECHAR "',
        "ESCAPE '\\'",
        'DOUBLEQUOTE false',
        'FORMAT csv',
        "ENCODING 'UTF8'",
        'GZIP',
      ]),
    ).toEqual({
      delimiter: '\t',
      header: 2,
      quotechar: '"',
      escapechar: '\\',
      doublequote: false,
      gzip: true,
      manifest: false,
    });
    expect(() => parseLoadArgs(['FORMAT text'])).toThrow('FORMAT text is not supported');
  });
});
