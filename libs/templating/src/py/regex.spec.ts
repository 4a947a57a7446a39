import { render } from '../testing/fixtures';
import { buildUtils } from '../utils';

describe('utils.re details', () => {
  const ctx = { utils: buildUtils(), s: 'sales/2024-05-01/part-7.csv' };
  it.each([
    ['groups', "{{ utils.re.search('(\\d+)-(\\d+)-(x)?', s).groups() }}", "('2024', '05', None)"],
    [
      'groupdict',
      "{{ utils.re.search('(?P<y>\\d{4})-(?P<m>\\d\\d)', s).groupdict() }}",
      "{'y': '2024', 'm': '05'}",
    ],
    ['multiple groups', "{{ utils.re.search('(\\d{4})-(\\d\\d)', s).group(1, 2) }}", "('2024', '05')"],
    [
      'span/start/end',
      "{% set m = utils.re.search('2024', s) %}{{ m.start() }} {{ m.end() }} {{ m.span() }}",
      '6 10 [6, 10]',
    ],
    [
      'fullmatch',
      "{{ utils.re.fullmatch('[a-z]+', 'abc') is not none }} {{ utils.re.fullmatch('[a-z]+', 'abc1') }}",
      'True None',
    ],
    ['backreference (?P=name)', "{{ utils.re.search('(?P<c>a)(?P=c)', 'xaay').group(0) }}", 'aa'],
    [
      '\\A and \\Z',
      "{{ utils.re.search('\\Asales', s) is not none }} {{ utils.re.search('csv\\Z', s) is not none }}",
      'True True',
    ],
    ['inline flag', "{{ utils.re.search('(?i)SALES', s).group(0) }}", 'sales'],
    ['sub with \\g<name>', "{{ utils.re.sub('(?P<n>\\d+)', '<\\\\g<n>>', 'a1b22') }}", 'a<1>b<22>'],
    ['sub with flags keyword', "{{ utils.re.sub('A', 'x', 'aA', flags=utils.re.IGNORECASE) }}", 'xx'],
    ['split maxsplit', "{{ utils.re.split('/', s, 1) }}", "['sales', '2024-05-01/part-7.csv']"],
    ['split keeps groups', "{{ utils.re.split('(-)', 'a-b') }}", "['a', '-', 'b']"],
    ['escape', "{{ utils.re.escape('a.b*c') }}", 'a\\.b\\*c'],
    [
      'compiled pattern',
      "{% set p = utils.re.compile('\\d+') %}{{ p.findall(s) }} {{ p.sub('#', 'a1') }} {{ p.match('12x').group(0) }} {{ p.split('a1b') }}",
      "['2024', '05', '01', '7'] a# 12 ['a', 'b']",
    ],
  ])('%s', (_name, template, expected) => {
    expect(render(template, ctx)).toBe(expected);
  });

  it('reports bad patterns as re.error', () => {
    expect(() => render("{{ utils.re.search('(', 'x') }}", ctx)).toThrow(/re\.error/);
  });
});

describe('utils.path details', () => {
  it.each([
    ['split', "{{ utils.path.split('a/b/c') }}", "('a/b', 'c')"],
    [
      'normpath',
      "{{ utils.path.normpath('a//b/./c/../d') }} {{ utils.path.normpath('/../x') }} {{ utils.path.normpath('') }}",
      'a/b/d /x .',
    ],
    ['isabs', "{{ utils.path.isabs('/a') }} {{ utils.path.isabs('a') }}", 'True False'],
    ['join from empty', "{{ utils.path.join('', 'a') }}", 'a'],
  ])('%s', (_name, template, expected) => {
    expect(render(template, { utils: buildUtils() })).toBe(expected);
  });
});

describe('misc utils', () => {
  it.each([
    [
      'relativedelta str',
      '{{ utils.dateutil.relativedelta.relativedelta(months=1, day=1) }}',
      'relativedelta(months=+1, day=1)',
    ],
    [
      'relativedelta on datetime keeps zone',
      "{{ utils.datetime(2024, 3, 31, tzinfo='UTC') - utils.dateutil.relativedelta.relativedelta(months=1) }}",
      '2024-02-29 00:00:00+00:00',
    ],
    [
      'relativedelta weeks + hours',
      '{{ utils.datetime(2024, 1, 1) + utils.dateutil.relativedelta.relativedelta(weeks=1, hours=2) }}',
      '2024-01-08 02:00:00',
    ],
    ['uuid version', '{{ utils.uuid().version }}', '4'],
    [
      'tz.tzutc',
      '{{ utils.datetime(2024, 1, 1, tzinfo=utils.dateutil.tz.tzutc()).isoformat() }}',
      '2024-01-01T00:00:00+00:00',
    ],
    [
      'fixed offset zone name',
      "{{ utils.parsedate.isoparse('2024-01-01T00:00:00+05:30').strftime('%Z|%z') }}",
      '|+0530',
    ],
    ['date.fromordinal', '{{ utils.date.fromordinal(738886) }}', '2024-01-01'],
  ])('%s', (_name, template, expected) => {
    expect(render(template, { utils: buildUtils() })).toBe(expected);
  });

  it('refuses relativedelta(dt1, dt2)', () => {
    expect(() =>
      render('{{ utils.dateutil.relativedelta.relativedelta(1, 2) }}', { utils: buildUtils() }),
    ).toThrow(/NotImplementedError/);
  });
});
