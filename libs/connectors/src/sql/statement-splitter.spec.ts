import { splitStatements, stripTrailingSemicolons } from './statement-splitter';

const sqls = (text: string, d?: Parameters<typeof splitStatements>[1]) =>
  splitStatements(text, d).map((s) => s.sql);

describe('splitStatements', () => {
  it.each([
    ['select 1; select 2;', ['select 1', 'select 2']],
    ["select ';' as a; select 2", ["select ';' as a", 'select 2']],
    ["select 'it''s;' ; select 2", ["select 'it''s;'", 'select 2']],
    ['select "a;b" from t; select 2', ['select "a;b" from t', 'select 2']],
    ['select 1 /* ; */ + 1; select 2', ['select 1 /* ; */ + 1', 'select 2']],
    ['select 1 -- ; not a split\n + 1; select 2', ['select 1 -- ; not a split\n + 1', 'select 2']],
    ['select 1;;;', ['select 1', '', '']],
    ['', []],
    ['   \n  ', []],
  ])('%j', (text, expected) => {
    expect(sqls(text)).toEqual(expected);
  });

  it('keeps dollar-quoted function bodies whole', () => {
    const text =
      'create function f() returns int as $body$ begin return 1; end; $body$ language plpgsql; select f();';
    expect(sqls(text, 'postgresql')).toEqual([
      'create function f() returns int as $body$ begin return 1; end; $body$ language plpgsql',
      'select f()',
    ]);
    expect(sqls('select $$a;b$$; select 2', 'postgresql')).toEqual(['select $$a;b$$', 'select 2']);
  });

  it('does not treat $1 parameters as dollar quotes', () => {
    expect(sqls('select $1; select 2', 'postgresql')).toEqual(['select $1', 'select 2']);
  });

  it('attaches a leading comment to the following statement', () => {
    const parts = splitStatements('-- c\nSELECT 1;');
    expect(parts).toHaveLength(1);
    expect(parts[0]!.sql).toBe('-- c\nSELECT 1');
  });

  it('keeps a same-line trailing comment in its piece but executes without it', () => {
    const parts = splitStatements('SELECT 1; -- end\nSELECT 2;');
    expect(parts.map((p) => p.text)).toEqual(['SELECT 1; -- end', 'SELECT 2;']);
    expect(parts.map((p) => p.sql)).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('turns a trailing own-line comment into a comment-only piece that is skipped (index consumed)', () => {
    const parts = splitStatements('SELECT 1;\n-- the end');
    expect(parts.map((p) => [p.index, p.text, p.sql])).toEqual([
      [0, 'SELECT 1;', 'SELECT 1'],
      [1, '-- the end', ''],
    ]);
  });

  it('counts a bare ; as an empty piece so later indexes shift', () => {
    expect(splitStatements('select 1; ; select 2').map((p) => [p.index, p.sql])).toEqual([
      [0, 'select 1'],
      [1, ''],
      [2, 'select 2'],
    ]);
  });

  it('mysql: backslash escapes, backticks and # comments', () => {
    expect(sqls("select 'a\\';b' ; select `x;y` from t # c;\n; select 3", 'mysql')).toEqual([
      "select 'a\\';b'",
      'select `x;y` from t',
      'select 3',
    ]);
    // ANSI: a backslash is an ordinary character, so the quote closes the string.
    expect(sqls("select 'a\\'; select 2")).toEqual(["select 'a\\'", 'select 2']);
  });

  it('oracle: PL/SQL blocks end at a line with only /', () => {
    const text =
      "create or replace procedure p as\nbegin\n  null;\n  dbms_output.put_line('x;');\nend;\n/\nselect 1 from dual;\nbegin\n  p;\nend;\n/\n";
    expect(sqls(text, 'oracle')).toEqual([
      "create or replace procedure p as\nbegin\n  null;\n  dbms_output.put_line('x;');\nend;",
      'select 1 from dual',
      'begin\n  p;\nend;',
    ]);
  });

  it('mssql: bracketed identifiers', () => {
    expect(sqls('select [a;b] from t; select 2', 'mssql')).toEqual(['select [a;b] from t', 'select 2']);
  });

  it('unterminated strings run to the end instead of splitting', () => {
    expect(sqls("select 'abc; select 2")).toEqual(["select 'abc; select 2"]);
  });

  it('stripTrailingSemicolons strips every trailing ; and space', () => {
    expect(stripTrailingSemicolons(' select 1 ; ;\n')).toBe('select 1');
  });
});
