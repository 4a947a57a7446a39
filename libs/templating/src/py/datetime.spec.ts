import { jobContext, render } from '../testing/fixtures';

describe('datetime compatibility (start, ustart, utils.datetime)', () => {
  const ctx = jobContext();
  it.each([
    ['str(start)', '{{ start }}', '2024-05-01 13:00:09+10:00'],
    ['str(ustart)', '{{ ustart }}', '2024-05-01 03:00:09+00:00'],
    ['isoformat()', '{{ ustart.isoformat() }}', '2024-05-01T03:00:09+00:00'],
    ['isoformat(sep)', "{{ start.isoformat(' ') }}", '2024-05-01 13:00:09+10:00'],
    ['isoformat(timespec=)', "{{ start.isoformat(timespec='minutes') }}", '2024-05-01T13:00+10:00'],
    ['strftime date', "{{ start.strftime('%Y-%m-%d') }}", '2024-05-01'],
    ['strftime time', "{{ start.strftime('%H:%M:%S') }}", '13:00:09'],
    ['strftime %f %j %y', "{{ start.strftime('%f|%j|%y') }}", '000000|122|24'],
    ['strftime names', "{{ start.strftime('%a %A %b %B') }}", 'Wed Wednesday May May'],
    ['strftime %p %I', "{{ start.strftime('%I%p') }}", '01PM'],
    ['strftime %Z %z', "{{ start.strftime('%Z %z') }}", 'AEST +1000'],
    ['strftime UTC %Z', "{{ ustart.strftime('%Z %z') }}", 'UTC +0000'],
    ['strftime %%', "{{ start.strftime('100%%') }}", '100%'],
    ['strftime %-d (glibc)', "{{ start.strftime('%-d/%-m') }}", '1/5'],
    ['strftime %U %W %w %u', "{{ start.strftime('%U %W %w %u') }}", '17 18 3 3'],
    ['strftime %G-W%V', "{{ utils.date(2021, 1, 3).strftime('%G-W%V') }}", '2020-W53'],
    ['strftime %c', "{{ start.strftime('%c') }}", 'Wed May  1 13:00:09 2024'],
    ['strftime %x %X', "{{ start.strftime('%x %X') }}", '05/01/24 13:00:09'],
    ['timestamp()', '{{ start.timestamp() }}', '1714532409'],
    [
      'attributes',
      '{{ start.year }}-{{ start.month }}-{{ start.day }} {{ start.hour }}:{{ start.minute }}:{{ start.second }}',
      '2024-5-1 13:0:9',
    ],
    ['date()', '{{ start.date() }}', '2024-05-01'],
    ['time()', '{{ start.time() }}', '13:00:09'],
    ['weekday', '{{ start.weekday() }} {{ start.isoweekday() }}', '2 3'],
    ['replace', '{{ start.replace(day=1, hour=0) }}', '2024-05-01 00:00:09+10:00'],
    ['astimezone', "{{ start.astimezone('UTC') }}", '2024-05-01 03:00:09+00:00'],
    [
      'astimezone gettz',
      "{{ ustart.astimezone(utils.dateutil.tz.gettz('America/New_York')).strftime('%H %Z') }}",
      '23 EDT',
    ],
    ['minus timedelta', '{{ (start - utils.timedelta(days=1)).date() }}', '2024-04-30'],
    ['plus timedelta', '{{ start + utils.timedelta(hours=12) }}', '2024-05-02 01:00:09+10:00'],
    ['timedelta + datetime', '{{ utils.timedelta(minutes=1) + ustart }}', '2024-05-01 03:01:09+00:00'],
    [
      'datetime - datetime',
      '{{ start - utils.datetime(2024, 4, 30, 3, 0, 9, tzinfo="UTC") }}',
      '1 day, 0:00:00',
    ],
    ['tz-aware equality', '{{ start == ustart }}', 'True'],
    ['comparison', '{{ start > ustart - utils.timedelta(seconds=1) }}', 'True'],
    ['not equal', '{{ start != start + utils.timedelta(seconds=1) }}', 'True'],
    ['next new year', '{{ utils.datetime(ustart.year + 1, 1, 1) }}', '2025-01-01 00:00:00'],
    ['naive isoformat', '{{ utils.datetime(2024, 2, 29, 12).isoformat() }}', '2024-02-29T12:00:00'],
    [
      'microseconds',
      '{{ utils.datetime(2024, 1, 1, 0, 0, 0, 5).isoformat() }}',
      '2024-01-01T00:00:00.000005',
    ],
    [
      'dst-aware arithmetic',
      "{{ (utils.datetime(2024, 4, 6, 12, tzinfo='Australia/Sydney') + utils.timedelta(days=1)).isoformat() }}",
      '2024-04-07T12:00:00+10:00',
    ],
    ['ctime', '{{ utils.date(2024, 4, 25).ctime() }}', 'Thu Apr 25 00:00:00 2024'],
    ['job.ts_start', "{{ job.ts_start.strftime('%H') }} {{ job.ts_ustart.strftime('%H') }}", '13 03'],
    ['job.ts_dispatch', '{{ job.ts_dispatch.isoformat() }}', '2024-05-01T03:00:07+00:00'],
    [
      'globals.lava timestamps',
      "{{ globals.lava.master_start.strftime('%H:%M') }} {{ globals.lava.parent_ustart.isoformat() }}",
      '13:00 2024-05-01T03:00:09+00:00',
    ],
  ])('%s', (_name, template, expected) => {
    expect(render(template, ctx)).toBe(expected);
  });
});

describe('timedelta', () => {
  it.each([
    ['str', '{{ utils.timedelta(days=1, hours=2, minutes=3, seconds=4) }}', '1 day, 2:03:04'],
    ['plural days', '{{ utils.timedelta(weeks=1) }}', '7 days, 0:00:00'],
    ['negative', '{{ utils.timedelta(hours=-1) }}', '-1 day, 23:00:00'],
    ['positional (days, seconds)', '{{ utils.timedelta(1, 30) }}', '1 day, 0:00:30'],
    ['fractional', '{{ utils.timedelta(milliseconds=1500) }}', '0:00:01.500000'],
    ['total_seconds', '{{ utils.timedelta(hours=1).total_seconds() }}', '3600.0'],
    [
      'attributes',
      '{% set d = utils.timedelta(days=2, seconds=5, microseconds=7) %}{{ d.days }} {{ d.seconds }} {{ d.microseconds }}',
      '2 5 7',
    ],
    ['sum', '{{ utils.timedelta(hours=1) + utils.timedelta(minutes=30) }}', '1:30:00'],
    ['scale', '{{ utils.timedelta(hours=1) * 3 }}', '3:00:00'],
    ['compare', '{{ utils.timedelta(hours=1) < utils.timedelta(days=1) }}', 'True'],
    ['equal', '{{ utils.timedelta(hours=24) == utils.timedelta(days=1) }}', 'True'],
  ])('%s', (_name, template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it('rejects unknown keyword arguments like Python', () => {
    expect(() => render('{{ utils.timedelta(fortnights=1) }}')).toThrow(
      /unexpected keyword argument 'fortnights'/,
    );
  });
});

describe('date, time, relativedelta, parsing', () => {
  it.each([
    ['date weekday name', "{{ utils.date(2024, 4, 25).strftime('%A') }}", 'Thursday'],
    ['date str', '{{ utils.date(2024, 4, 25) }}', '2024-04-25'],
    ['date arithmetic', '{{ utils.date(2024, 3, 1) - utils.timedelta(days=1) }}', '2024-02-29'],
    ['date difference', '{{ (utils.date(2024, 3, 1) - utils.date(2024, 1, 1)).days }}', '60'],
    ['date.today (injected clock, local zone)', '{{ utils.date.today() }}', '2024-05-01'],
    ['date.fromisoformat', "{{ utils.date.fromisoformat('2024-05-01').isoweekday() }}", '3'],
    ['time', '{{ utils.time(9, 30) }}', '09:30:00'],
    ['time strftime', "{{ utils.time(21, 5).strftime('%I:%M %p') }}", '09:05 PM'],
    [
      'relativedelta months',
      '{{ utils.datetime(2024, 1, 31) + utils.dateutil.relativedelta.relativedelta(months=1) }}',
      '2024-02-29 00:00:00',
    ],
    [
      'relativedelta subtract',
      "{{ (start - utils.dateutil.relativedelta.relativedelta(months=6)).strftime('%Y-%m-%d') }}",
      '2023-11-01',
    ],
    [
      'relativedelta absolute day',
      '{{ (utils.date(2024, 5, 17) + utils.dateutil.relativedelta.relativedelta(day=1, months=-1)) }}',
      '2024-04-01',
    ],
    [
      'relativedelta years on date',
      '{{ utils.date(2024, 2, 29) + utils.dateutil.relativedelta.relativedelta(years=1) }}',
      '2025-02-28',
    ],
    [
      'isoparse offset',
      "{{ utils.parsedate.isoparse('2022-07-04T18:45:00+09:30') }}",
      '2022-07-04 18:45:00+09:30',
    ],
    [
      'isoparse utcoffset',
      "{{ utils.parsedate.isoparse('2022-07-04T18:45:00+09:30').utcoffset() }}",
      '9:30:00',
    ],
    [
      'isoparse Z',
      "{{ utils.parsedate.isoparse('2022-07-04T09:15:00Z').isoformat() }}",
      '2022-07-04T09:15:00+00:00',
    ],
    ['isoparse basic', "{{ utils.parsedate.isoparse('20220704') }}", '2022-07-04 00:00:00'],
    ['parse human', "{{ utils.parsedate.parse('4 Jul 2022 18:45') }}", '2022-07-04 18:45:00'],
    ['parse date only', "{{ utils.parsedate.parse('2022-07-04').strftime('%d/%m/%Y') }}", '04/07/2022'],
    ['dateutil.parser', "{{ utils.dateutil.parser.parse('2022/07/04 10:00') }}", '2022-07-04 10:00:00'],
    [
      'strptime',
      "{{ utils.datetime.strptime('2024-05-01 07:08', '%Y-%m-%d %H:%M') }}",
      '2024-05-01 07:08:00',
    ],
    ['strptime %b %p', "{{ utils.datetime.strptime('01 May 2024 7PM', '%d %b %Y %I%p').hour }}", '19'],
    [
      'strptime %z',
      "{{ utils.datetime.strptime('2024-05-01 +0930', '%Y-%m-%d %z').isoformat() }}",
      '2024-05-01T00:00:00+09:30',
    ],
    [
      'fromisoformat',
      "{{ utils.datetime.fromisoformat('2024-05-01T10:00:00.5+00:00').microsecond }}",
      '500000',
    ],
    ['now(tz)', "{{ utils.datetime.now('UTC') }}", '2024-05-01 03:00:09+00:00'],
    ['now() naive local', '{{ utils.datetime.now() }}', '2024-05-01 13:00:09'],
    ['utcnow()', '{{ utils.datetime.utcnow() }}', '2024-05-01 03:00:09'],
    ['fromtimestamp(tz)', "{{ utils.datetime.fromtimestamp(0, 'UTC') }}", '1970-01-01 00:00:00+00:00'],
    [
      'combine',
      '{{ utils.datetime.combine(utils.date(2024, 1, 2), utils.time(3, 4)) }}',
      '2024-01-02 03:04:00',
    ],
  ])('%s', (_name, template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it.each([
    ['bad date', '{{ utils.date(2023, 2, 29) }}', /day is out of range/],
    ['bad isoformat', "{{ utils.parsedate.isoparse('yesterday') }}", /Invalid isoformat string/],
    ['strptime mismatch', "{{ utils.datetime.strptime('2024', '%d/%m') }}", /does not match format/],
    ['unknown zone', "{{ start.astimezone('Mars/Olympus') }}", /unknown time zone/],
  ])('raises for %s', (_name, template, error) => {
    expect(() => render(template)).toThrow(error);
  });
});
