import { PyDatetime } from './py/datetime';
import { render } from './testing/fixtures';

const ctx = {
  users: [
    { name: 'bob', age: 30, admin: true },
    { name: 'alice', age: 25, admin: false },
    { name: 'Carol', age: 35, admin: true },
  ],
  d: { b: 2, a: 1 },
  n: null,
  s: 'Hello World',
};

describe('Jinja filters', () => {
  it.each([
    [
      'tojson (sorted keys, Python separators, html-safe)',
      "{{ {'b': 1, 'a': '<x>'} | tojson }}",
      '{"a": "\\u003cx\\u003e", "b": 1}',
    ],
    ['tojson list', '{{ [1, "a", none, true] | tojson }}', '[1, "a", null, true]'],
    ['tojson indent', "{{ {'a': [1]} | tojson(indent=2) }}", '{\n  "a": [\n    1\n  ]\n}'],
    [
      'int',
      "{{ '42' | int }} {{ '3.9' | int }} {{ 'x' | int }} {{ 'x' | int(-1) }} {{ 'x' | int(default=7) }}",
      '42 3 0 -1 7',
    ],
    ['int base', "{{ 'ff' | int(base=16) }} {{ '0x1A' | int(0, 16) }}", '255 26'],
    ['int of bool', '{{ true | int }}', '1'],
    ['float', "{{ '2.5' | float }} {{ 'x' | float(1.5) }} {{ ' -1e3 ' | float }}", '2.5 1.5 -1000.0'],
    ['default undefined', "{{ nope | default('x') }} {{ nope | d('y') }}", 'x y'],
    ['default keeps none and empty', "{{ n | default('x') }}|{{ '' | default('x') }}", 'None|'],
    ['default boolean', "{{ '' | default('x', true) }} {{ n | default('x', boolean=true) }}", 'x x'],
    ['items', '{% for k, v in d | items %}{{ k }}{{ v }}{% endfor %}', 'b2a1'],
    ['dictsort', '{% for k, v in d | dictsort %}{{ k }}{{ v }}{% endfor %}', 'a1b2'],
    ['map attribute', "{{ users | map(attribute='name') | join(',') }}", 'bob,alice,Carol'],
    ['map attribute default', "{{ users | map(attribute='nick', default='-') | join(',') }}", '-,-,-'],
    ['map filter', "{{ ['a', 'b'] | map('upper') | join }}", 'AB'],
    [
      'selectattr truthy',
      "{{ users | selectattr('admin') | map(attribute='name') | join(',') }}",
      'bob,Carol',
    ],
    [
      'selectattr test',
      "{{ users | selectattr('age', 'gt', 26) | map(attribute='name') | join(',') }}",
      'bob,Carol',
    ],
    [
      'selectattr equalto',
      "{{ users | selectattr('name', 'equalto', 'alice') | map(attribute='age') | first }}",
      '25',
    ],
    ['rejectattr', "{{ users | rejectattr('admin') | map(attribute='name') | join }}", 'alice'],
    ['select test', "{{ [1, 2, 3, 4] | select('odd') | list }}", '[1, 3]'],
    ['reject test', "{{ [1, 2, 3, 4] | reject('even') | list }}", '[1, 3]'],
    [
      'sort attribute',
      "{{ users | sort(attribute='age') | map(attribute='name') | join(',') }}",
      'alice,bob,Carol',
    ],
    ['sort case-insensitive default', "{{ ['b', 'A', 'c'] | sort | join }}", 'Abc'],
    ['sort reverse', '{{ [1, 3, 2] | sort(reverse=true) }}', '[3, 2, 1]'],
    ['join attribute', "{{ users | join(', ', attribute='name') }}", 'bob, alice, Carol'],
    ['unique', "{{ ['a', 'A', 'b'] | unique | list }}", "['a', 'b']"],
    [
      'min/max',
      "{{ [3, 1, 2] | min }} {{ [3, 1, 2] | max }} {{ (users | max(attribute='age')).name }}|{{ users[0] | attr('name') }}",
      '1 3 Carol|',
    ],
    ['sum', "{{ [1, 2] | sum }} {{ users | sum(attribute='age') }}", '3 90'],
    ['length/count', "{{ users | length }} {{ d | count }} {{ 'abc' | length }}", '3 2 3'],
    ['first/last', "{{ [1, 2, 3] | first }} {{ [1, 2, 3] | last }} {{ 'abc' | last }}", '1 3 c'],
    ['reverse', "{{ 'abc' | reverse }} {{ [1, 2] | reverse | list }}", 'cba [2, 1]'],
    ['string', '{{ true | string }} {{ n | string }}', 'True None'],
    [
      'lower/upper/title/capitalize',
      "{{ s | lower }} {{ s | upper }} {{ 'a b' | title }} {{ 'aB' | capitalize }}",
      'hello world HELLO WORLD A B Ab',
    ],
    ['replace', "{{ s | replace('o', '0') }} {{ s | replace('o', '0', 1) }}", 'Hell0 W0rld Hell0 World'],
    ['trim', "{{ '  x ' | trim }}|{{ '--x--' | trim('-') }}", 'x|x'],
    ['format', "{{ '%s-%03d' | format('a', 5) }}", 'a-005'],
    [
      'truncate',
      "{{ 'foo bar baz qux' | truncate(9) }} {{ 'foo bar baz qux' | truncate(9, true) }}",
      'foo... foo ba...',
    ],
    ['wordcount', '{{ s | wordcount }}', '2'],
    ['indent', "{{ 'a\\nb' | indent(2) }}", 'a\n  b'],
    ['center', "[{{ 'ab' | center(6) }}]", '[  ab  ]'],
    [
      'round',
      '{{ 2.345 | round(2) }} {{ 2.11 | round(1, "ceil") }} {{ 2.19 | round(1, method="floor") }}',
      '2.35 2.2 2.1',
    ],
    ['abs', '{{ -3 | abs }}', '3'],
    ['filesizeformat', '{{ 1000000 | filesizeformat }} {{ 2048 | filesizeformat(true) }}', '1.0 MB 2.0 KiB'],
    ['list of string', "{{ 'ab' | list }}", "['a', 'b']"],
    ['batch (nunjucks built-in)', '{{ [1, 2, 3] | batch(2) | list }}', '[[1, 2], [3]]'],
    ['undefined through filters', '{{ nope | upper }}|{{ nope | length }}', '|0'],
  ])('%s', (_name, template, expected) => {
    expect(render(template, { ...ctx, ustart: PyDatetime.fromDate(new Date('2024-05-01T03:00:09Z')) })).toBe(
      expected,
    );
  });
});

describe('Jinja tests', () => {
  it.each([
    [
      'defined/undefined',
      '{{ s is defined }} {{ nope is defined }} {{ nope is undefined }}',
      'True False True',
    ],
    ['none', '{{ n is none }} {{ s is none }}', 'True False'],
    [
      'string/number/mapping',
      '{{ s is string }} {{ 3 is number }} {{ d is mapping }} {{ users is mapping }}',
      'True True True False',
    ],
    ['integer/float', '{{ 3 is integer }} {{ 3.5 is float }}', 'True True'],
    ['sequence/iterable', '{{ users is sequence }} {{ 3 is iterable }}', 'True False'],
    ['true/false/boolean', '{{ true is true }} {{ false is false }} {{ 1 is boolean }}', 'True True False'],
    ['even/odd/divisibleby', '{{ 4 is even }} {{ 3 is odd }} {{ 9 is divisibleby(3) }}', 'True True True'],
    [
      'comparisons',
      "{{ 3 is gt(2) }} {{ 3 is le(2) }} {{ 'a' is eq('a') }} {{ 'a' is in('abc') }}",
      'True False True True',
    ],
    ['lower/upper', "{{ 'ab' is lower }} {{ 'AB' is upper }}", 'True True'],
  ])('%s', (_name, template, expected) => {
    expect(render(template, ctx)).toBe(expected);
  });
});
