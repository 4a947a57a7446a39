import { render } from '../testing/fixtures';

describe('list methods', () => {
  it.each([
    ['extend', '{% set l = [1] %}{% set _ = l.extend([2, 3]) %}{{ l }}', '[1, 2, 3]'],
    ['insert', '{% set l = [1, 3] %}{% set _ = l.insert(1, 2) %}{{ l }}', '[1, 2, 3]'],
    ['pop last', '{% set l = [1, 2] %}{{ l.pop() }} {{ l }}', '2 [1]'],
    ['pop index', '{% set l = [1, 2, 3] %}{{ l.pop(0) }} {{ l.pop(-1) }} {{ l }}', '1 3 [2]'],
    ['remove', "{% set l = ['a', 'b', 'a'] %}{% set _ = l.remove('a') %}{{ l }}", "['b', 'a']"],
    ['reverse', '{% set l = [1, 2] %}{% set _ = l.reverse() %}{{ l }}', '[2, 1]'],
    ['sort', '{% set l = [3, 1, 2] %}{% set _ = l.sort() %}{{ l }}', '[1, 2, 3]'],
    ['sort reverse', '{% set l = [3, 1, 2] %}{% set _ = l.sort(reverse=true) %}{{ l }}', '[3, 2, 1]'],
    [
      'copy is independent',
      '{% set l = [1] %}{% set m = l.copy() %}{% set _ = m.append(2) %}{{ l }} {{ m }}',
      '[1] [1, 2]',
    ],
    ['clear', '{% set l = [1] %}{% set _ = l.clear() %}{{ l }}', '[]'],
    ['repetition', '{{ [0] * 3 }}', '[0, 0, 0]'],
    ['index with equality', '{{ [[1], [2]].index([2]) }}', '1'],
  ])('%s', (_name, template, expected) => {
    expect(render(template, {})).toBe(expected);
  });

  it.each([
    ['pop from empty', '{{ [].pop() }}', /IndexError: pop from empty list/],
    ['remove missing', '{{ [1].remove(2) }}', /ValueError: list.remove/],
    ['index missing', '{{ [1].index(2) }}', /ValueError: 2 is not in list/],
  ])('raises for %s', (_name, template, error) => {
    expect(() => render(template, {})).toThrow(error);
  });
});

describe('dict methods', () => {
  it.each([
    [
      'setdefault',
      "{% set d = {} %}{{ d.setdefault('k', 1) }} {{ d.setdefault('k', 2) }} {{ d }}",
      "1 1 {'k': 1}",
    ],
    [
      'pop',
      "{% set d = {'a': 1, 'b': 2} %}{{ d.pop('a') }} {{ d }} {{ d.pop('z', 'none') }}",
      "1 {'b': 2} none",
    ],
    ['own keys win over method names', "{{ {'items': 'x'}.items }}", 'x'],
    ['get on missing returns None', "{{ {}.get('a') is none }}", 'True'],
  ])('%s', (_name, template, expected) => {
    expect(render(template, {})).toBe(expected);
  });

  it('raises KeyError on pop of a missing key without default', () => {
    expect(() => render("{{ {}.pop('a') }}", {})).toThrow(/KeyError: a/);
  });
});
