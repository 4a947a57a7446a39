import { Readable } from 'node:stream';
import { LoadFailedError } from '../errors';
import { readCsv, type CsvReadOptions } from './csv-reader';

async function parse(text: string | string[], o: CsvReadOptions = {}): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for await (const row of readCsv(Readable.from(Array.isArray(text) ? text : [text]), o)) out.push(row);
  return out;
}

describe('readCsv', () => {
  it.each<[string, string, CsvReadOptions, unknown[][]]>([
    [
      'simple LF',
      'a,b\n1,2\n',
      {},
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'CRLF and no final newline',
      'a,b\r\n1,2',
      {},
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['lone CR ends a record', 'a\rb\r', {}, [['a'], ['b']]],
    ['unquoted empty is NULL, quoted empty is empty string', ',"",x\n', {}, [[null, '', 'x']]],
    [
      'quoted delimiter, doubled quote, newline',
      '"a,b","say ""hi""","l1\nl2"\n',
      {},
      [['a,b', 'say "hi"', 'l1\nl2']],
    ],
    ['blank lines are skipped', 'a\n\n\nb\n', {}, [['a'], ['b']]],
    ['trailing delimiter gives a NULL field', 'a,\n', {}, [['a', null]]],
    [
      'custom delimiter and quote',
      "x|'a|b'|'it''s'\n",
      { delimiter: '|', quotechar: "'" },
      [['x', 'a|b', "it's"]],
    ],
    ['escapechar outside quotes', 'a\\,b,c\n', { escapechar: '\\' }, [['a,b', 'c']]],
    ['escapechar inside quotes', '"a\\"b",c\n', { escapechar: '\\', doublequote: false }, [['a"b', 'c']]],
    ['UTF-8 BOM is dropped', '\ufeffa,b\n', {}, [['a', 'b']]],
    ['non-ASCII text', 'ü,日本\n', {}, [['ü', '日本']]],
  ])('%s', async (_n, text, o, expected) => {
    expect(await parse(text, o)).toEqual(expected);
  });

  it('handles records split across arbitrary chunk boundaries', async () => {
    const text = 'id,"na\r\nme",x\r\n1,"a ""q""",\r\n';
    for (let size = 1; size <= 5; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(await parse(chunks)).toEqual([
        ['id', 'na\r\nme', 'x'],
        ['1', 'a "q"', null],
      ]);
    }
  });

  it('rejects an unterminated quoted field and bad options', async () => {
    await expect(parse('"abc\n')).rejects.toThrow(LoadFailedError);
    await expect(parse('a', { delimiter: '::' })).rejects.toThrow('single characters');
  });
});
