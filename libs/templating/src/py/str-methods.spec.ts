import { render } from '../testing/fixtures';

describe('Python str methods', () => {
  it.each([
    ['split sep', "{{ 'a/b/c.txt'.split('/') }}", "['a', 'b', 'c.txt']"],
    ['split last item', "{{ 'a/b/c.txt'.split('/')[-1] }}", 'c.txt'],
    ['split whitespace', "{{ '  a  b\tc '.split() }}", "['a', 'b', 'c']"],
    ['split maxsplit', "{{ 'a,b,c'.split(',', 1) }}", "['a', 'b,c']"],
    ['split maxsplit kw', "{{ 'a,b,c'.split(',', maxsplit=1)[1] }}", 'b,c'],
    ['rsplit', "{{ 'a.b.c'.rsplit('.', 1) }}", "['a.b', 'c']"],
    ['rsplit whitespace', "{{ 'a b c'.rsplit(None, 1) }}", "['a b', 'c']"],
    ['lower/upper', "{{ 'MiXed'.lower() }} {{ 'MiXed'.upper() }}", 'mixed MIXED'],
    ['startswith', "{{ 'sales/daily'.startswith('sales') }} {{ 'x'.startswith(('a', 'x')) }}", 'True True'],
    ['endswith', "{{ 'f.csv.gz'.endswith('.gz') }} {{ 'f.csv'.endswith('.gz') }}", 'True False'],
    ['replace', "{{ 'a-b-c'.replace('-', '_') }} {{ 'a-b-c'.replace('-', '', 1) }}", 'a_b_c ab-c'],
    [
      'strip',
      "{{ '  x  '.strip() }}|{{ 'xxhixx'.strip('x') }}|{{ '  x '.lstrip() }}|{{ ' x  '.rstrip() }}",
      'x|hi|x | x',
    ],
    ['title', "{{ 'hello world-foo'.title() }}", 'Hello World-Foo'],
    ['capitalize', "{{ 'hELLO wORLD'.capitalize() }}", 'Hello world'],
    ['format positional', "{{ '{}-{}'.format('a', 1) }}", 'a-1'],
    ['format indexed & named', "{{ '{1}{0}{x}'.format('a', 'b', x='c') }}", 'bac'],
    [
      'format spec',
      "{{ '{:05d}|{:.2f}|{:>4}|{:<3}|{:^5}|{:,}'.format(42, 3.14159, 'a', 'b', 'c', 1234567) }}",
      '00042|3.14|   a|b  |  c  |1,234,567',
    ],
    ['format braces', "{{ '{{}} {}'.format(1) }}", '{} 1'],
    ['join', "{{ '/'.join(['a', 'b']) }} {{ ','.join(job.parameters.vars.keys()) }}", 'a/b day,mode'],
    ['zfill', "{{ '42'.zfill(5) }} {{ '-42'.zfill(5) }}", '00042 -0042'],
    ['count', "{{ 'banana'.count('a') }}", '3'],
    ['find/rfind', "{{ 'banana'.find('an') }} {{ 'banana'.rfind('an') }} {{ 'banana'.find('x') }}", '1 3 -1'],
    ['index', "{{ 'banana'.index('n') }}", '2'],
    [
      'center/ljust/rjust',
      "[{{ 'ab'.center(6, '*') }}][{{ 'ab'.ljust(4) }}][{{ 'ab'.rjust(4, '0') }}]",
      '[**ab**][ab  ][00ab]',
    ],
    [
      'partition',
      "{{ 'k=v=w'.partition('=') }} {{ 'k=v=w'.rpartition('=') }}",
      "('k', '=', 'v=w') ('k=v', '=', 'w')",
    ],
    ['removeprefix/suffix', "{{ 'sales/x.csv'.removeprefix('sales/').removesuffix('.csv') }}", 'x'],
    [
      'is* predicates',
      "{{ '123'.isdigit() }} {{ 'abc'.isalpha() }} {{ 'ABC'.isupper() }} {{ 'abc'.islower() }} {{ ' '.isspace() }}",
      'True True True True True',
    ],
    ['splitlines', "{{ 'a\\nb\\r\\nc'.splitlines() }}", "['a', 'b', 'c']"],
    ['swapcase', "{{ 'aB'.swapcase() }}", 'Ab'],
    ['indexing', "{{ 'hello'[0] }}{{ 'hello'[-1] }}", 'ho'],
    [
      'slicing',
      "{{ 'hello'[1:3] }} {{ 'hello'[:2] }} {{ 'hello'[-3:] }} {{ 'hello'[::-1] }} {{ 'hello'[::2] }}",
      'el he llo olleh hlo',
    ],
    ['list slicing', "{{ [1, 2, 3, 4][1:-1] }} {{ 'a/b/c'.split('/')[:-1] | join('/') }}", '[2, 3] a/b'],
    ['percent format tuple', "{{ '%s-%05d' % ('run', 42) }}", 'run-00042'],
    ['percent format single', "{{ 'n=%d' % 7 }} {{ '%.1f%%' % 99.44 }}", 'n=7 99.4%'],
    ['percent format dict', "{{ '%(a)s/%(b)s' % {'a': 1, 'b': 'x'} }}", '1/x'],
    ['percent format empty tuple', "{{ '100%%' % () }}", '100%'],
    ['percent format repr', "{{ '%r' % 'x' }}", "'x'"],
    ['string repetition', "{{ '-' * 3 }}", '---'],
    ['in operator', "{{ 'daily' in key }} {{ 'zzz' in key }}", 'True False'],
    ['escapes kept like Python', "{{ '\\d+' }}", '\\d+'],
    ['unicode escape', "{{ '\\u00e9\\x41' }}", 'éA'],
  ])('%s', (_name, template, expected) => {
    expect(
      render(template, { key: 'sales/daily/x.csv', job: { parameters: { vars: { day: 1, mode: 2 } } } }),
    ).toBe(expected);
  });

  it('raises like Python when a substring is missing', () => {
    expect(() => render("{{ 'abc'.index('z') }}")).toThrow(/substring not found/);
  });
  it('has no JS-only string members', () => {
    expect(render("{{ 'abc'.length }}|{{ 'abc'.constructor }}")).toBe('|');
  });
});

describe('dict and list methods', () => {
  const ctx = { d: { b: 2, a: 1 }, l: [3, 1, 2] };
  it.each([
    ['items', '{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}', 'b=2;a=1;'],
    ['keys/values', '{{ d.keys() }} {{ d.values() }}', "['b', 'a'] [2, 1]"],
    ['get', "{{ d.get('a') }} {{ d.get('z') }} {{ d.get('z', 'dflt') }}", '1 None dflt'],
    ['for over dict iterates keys', '{% for k in d %}{{ k }}{% endfor %}', 'ba'],
    ['update then read', "{% set _ = d.update({'c': 3}) %}{{ d.c }}", '3'],
    ['copy', '{% set e = d.copy() %}{{ e.a }}', '1'],
    ['list append', '{% set m = [] %}{% set _ = m.append(1) %}{% set _ = m.append(2) %}{{ m }}', '[1, 2]'],
    ['list index/count', '{{ l.index(1) }} {{ l.count(3) }}', '1 1'],
    ['list negative index', '{{ l[-1] }} {{ l[-3] }}', '2 3'],
    ['list concat', '{{ l + [4] }}', '[3, 1, 2, 4]'],
    ['list membership', '{{ 2 in l }} {{ 5 in l }}', 'True False'],
    ['dict membership', "{{ 'a' in d }} {{ 'z' in d }}", 'True False'],
    ['list equality', '{{ [1, 2] == [1, 2] }} {{ {"a": 1} == {"a": 1} }}', 'True True'],
    ['tuple literal', '{{ (1, 2) }} {{ (1,) }} {{ () }}', '(1, 2) (1,) ()'],
  ])('%s', (_name, template, expected) => {
    expect(render(template, structuredClone(ctx))).toBe(expected);
  });
});
