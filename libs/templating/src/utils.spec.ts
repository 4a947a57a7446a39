import { jobContext, render } from './testing/fixtures';
import { buildUtils, s3bucket, s3key } from './utils';

describe('utils members', () => {
  const ctx = { ...jobContext(), key: 'sales/daily/2024-05-01/part+1.csv.gz' };
  it.each([
    ['date', "{{ utils.date(2024, 4, 25).strftime('%A') }}", 'Thursday'],
    ['datetime', '{{ utils.datetime(ustart.year + 1, 1, 1) }}', '2025-01-01 00:00:00'],
    ['time', '{{ utils.time(7, 5, 3).isoformat() }}', '07:05:03'],
    ['timedelta', '{{ (start - utils.timedelta(days=1)).date() }}', '2024-04-30'],
    [
      'dateutil.relativedelta',
      "{{ (start + utils.dateutil.relativedelta.relativedelta(months=6)).strftime('%Y-%m') }}",
      '2024-11',
    ],
    [
      'dateutil.tz.gettz',
      "{{ start.astimezone(utils.dateutil.tz.gettz('Europe/London')).strftime('%H:%M %Z') }}",
      '04:00 BST',
    ],
    [
      'parsedate.isoparse',
      "{{ utils.parsedate.isoparse('2022-07-04T18:45:00+09:30') }}",
      '2022-07-04 18:45:00+09:30',
    ],
    ['parsedate.parse', "{{ utils.parsedate.parse('July 4 2022').strftime('%Y-%m-%d') }}", '2022-07-04'],
    ['s3bucket s3://', "{{ utils.s3bucket('s3://b/k/x') }}", 'b'],
    ['s3key s3://', "{{ utils.s3key('s3://b/k/x') }}", 'k/x'],
    ['uuid canonical', '{{ utils.uuid() }}', '5f0e3c5e-1d2b-4a8e-9f3c-2b7f1c0d9e44'],
    ['uuid hex', '{{ utils.uuid().hex }}', '5f0e3c5e1d2b4a8e9f3c2b7f1c0d9e44'],
    ['path.basename', "{{ utils.path.basename('a/b/c.csv') }}|{{ utils.path.basename('a/b/') }}", 'c.csv|'],
    [
      'path.dirname',
      "{{ utils.path.dirname('a/b/c.csv') }}|{{ utils.path.dirname('/a') }}|{{ utils.path.dirname('c') }}",
      'a/b|/|',
    ],
    ['path.join', "{{ utils.path.join('a', 'b/', 'c') }}|{{ utils.path.join('a', '/abs') }}", 'a/b/c|/abs'],
    [
      'path.splitext',
      "{{ utils.path.splitext('a/b.tar.gz') }} {{ utils.path.splitext('.bashrc') }}",
      "('a/b.tar', '.gz') ('.bashrc', '')",
    ],
    ['day from key', '{{ utils.path.basename(utils.path.dirname(key)) }}', '2024-05-01'],
    ['re.search group', "{{ utils.re.search('(\\d{4})-(\\d{2})', key).group(1) }}", '2024'],
    ['re.search named group', "{{ utils.re.search('(?P<y>\\d{4})', key).group('y') }}", '2024'],
    ['re.search no match', "{{ utils.re.search('zzz', key) }}", 'None'],
    [
      're.match anchored',
      "{{ utils.re.match('daily', key) }}|{{ utils.re.match('sales', key).group(0) }}",
      'None|sales',
    ],
    ['re.sub backrefs', "{{ utils.re.sub('(\\w+)/(\\w+)', '\\\\2/\\\\1', 'ab/cd') }}", 'cd/ab'],
    ['re.sub count', "{{ utils.re.sub('a', 'x', 'aaa', 2) }}", 'xxa'],
    ['re.findall', "{{ utils.re.findall('\\d+', 'a1b22c333') }}", "['1', '22', '333']"],
    ['re.findall groups', "{{ utils.re.findall('(\\w)=(\\d)', 'a=1,b=2') }}", "[('a', '1'), ('b', '2')]"],
    ['re flags', "{{ utils.re.search('SALES', key, utils.re.I) is not none }}", 'True'],
    ['re.split', "{{ utils.re.split('[/.]', 'a/b.c') }}", "['a', 'b', 'c']"],
    ['re.compile', "{{ utils.re.compile('(\\d+)').search('x42').group(1) }}", '42'],
  ])('%s', (_name, template, expected) => {
    expect(render(template, ctx)).toBe(expected);
  });

  it.each([
    ['s3://b/k/x/', 'b', 'k/x'],
    ['s3:b/k', 'b', 'k'],
    ['/b/k', 'b', 'k'],
    ['b/k//', 'b', 'k'],
    ['s3://b', 'b', ''],
    ['b', 'b', ''],
  ])('s3bucket/s3key(%j)', (loc, bucket, key) => {
    expect([s3bucket(loc), s3key(loc)]).toEqual([bucket, key]);
  });

  it('uuid() is random and canonical without an injected source', () => {
    const u = buildUtils();
    const [a, b] = [String(u.uuid()), String(u.uuid())];
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });
});
