/**
 * Regression corpus of templates as Lava users write them (reference docs and typical job
 * specs). Each must render exactly as Python Jinja2 renders it.
 */
import { jobContext, render, triggerContext } from './testing/fixtures';

describe('template corpus: job runs', () => {
  const ctx = { ...jobContext(), vars: { x: 'v1', table: 'sales', days: 3, files: ['a.csv', 'b.csv'] } };
  it.each([
    ['cmd token without spaces', '{{vars.x}}', 'v1'],
    ['quoted token', '"{{ vars.x }}"', '"v1"'],
    ['missing vars key is empty', '--opt={{ vars.nope }}', '--opt='],
    ['last path segment', "{{ globals.src.split('/')[-1] }}", 'part+1.csv.gz'],
    [
      'dict.get with default',
      "{{ job.parameters.get('timeout', '10m') }} {{ job.parameters.get('nope', '10m') }}",
      '30m 10m',
    ],
    ['yesterday', "{{ (start - utils.timedelta(days=1)).strftime('%Y-%m-%d') }}", '2024-04-30'],
    [
      'window start',
      '{{ (ustart - utils.timedelta(days=vars.days)).isoformat() }}',
      '2024-04-28T03:00:09+00:00',
    ],
    ['first of month', "{{ start.replace(day=1).strftime('%Y-%m-%d') }}", '2024-05-01'],
    [
      'first of last month',
      '{{ (start.replace(day=1) - utils.timedelta(days=1)).replace(day=1).date() }}',
      '2024-04-01',
    ],
    [
      'six months ago',
      '{{ (start.date() - utils.dateutil.relativedelta.relativedelta(months=6)).isoformat() }}',
      '2023-11-01',
    ],
    [
      'SQL with loop',
      "{% for f in vars.files %}COPY {{ vars.table }} FROM '{{ f }}';\n{% endfor %}",
      "COPY sales FROM 'a.csv';\nCOPY sales FROM 'b.csv';\n",
    ],
    [
      'SQL where',
      "WHERE day = '{{ start.strftime('%Y-%m-%d') }}' AND run = '{{ job.run_id[:8] }}'",
      "WHERE day = '2024-05-01' AND run = '5f0e3c5e'",
    ],
    [
      'S3 output key',
      '{{ realm.s3_temp }}/{{ job.job_id }}/{{ job.run_id }}/out.csv',
      's3://acme-lava/tmp/etl/sales-load/5f0e3c5e-1d2b-4a8e-9f3c-2b7f1c0d9e44/out.csv',
    ],
    [
      'bucket of a location',
      '{{ utils.s3bucket(realm.s3_temp) }}/{{ utils.s3key(realm.s3_temp) }}',
      'acme-lava/tmp',
    ],
    [
      'retry message',
      'attempt {{ globals.lava.iteration }} of {{ job.job_id }}',
      'attempt 1 of etl/sales-load',
    ],
    ['iteration arithmetic', '{{ globals.lava.iteration + 1 }}', '2'],
    ['percent formatting', "{{ '%s_%s' % (vars.table, start.strftime('%Y%m%d')) }}", 'sales_20240501'],
    ['datetime __format__', "{{ '{:%d/%m/%Y}'.format(start) }}", '01/05/2024'],
    [
      'regex extraction',
      "{{ utils.re.search('(\\d{4}-\\d{2}-\\d{2})', globals.src).group(1) }}",
      '2024-05-01',
    ],
    ['conditional flag', "{{ '--full' if job.parameters.vars.mode == 'full' else '--delta' }}", '--full'],
    ['is defined guard', '{% if vars.nope is defined %}x{% else %}y{% endif %}', 'y'],
    ['uuid', '{{ utils.uuid() }}', '5f0e3c5e-1d2b-4a8e-9f3c-2b7f1c0d9e44'],
    ['tojson for a payload', '{{ vars.files | tojson }}', '["a.csv", "b.csv"]'],
    ['lower-cased id', "{{ job.job_id.replace('/', '-').upper() }}", 'ETL-SALES-LOAD'],
  ])('%s', (_name, template, expected) => {
    expect(render(template, ctx)).toBe(expected);
  });
});

describe('template corpus: s3 triggers', () => {
  it.each([
    ['job id by prefix', "etl/{{ key.split('/')[0] }}-load", 'etl/sales-load'],
    ['day from key', '{{ utils.path.basename(utils.path.dirname(key)) }}', '2024-05-01'],
    ['file stem', '{{ utils.path.splitext(utils.path.basename(key))[0] }}', 'part+1.csv'],
    ['event date', "{{ info.event_time.strftime('%Y/%m/%d') }}", '2024/05/01'],
    ['size in KiB', '{{ (info.size / 1024) | round(1) }}', '4.9'],
    ['created event?', "{{ info.event_type.startswith('ObjectCreated') }}", 'True'],
  ])('%s', (_name, template, expected) => {
    expect(render(template, triggerContext())).toBe(expected);
  });
});

describe('Jinja refusals kept as Jinja has them', () => {
  it.each([
    [
      'tojson of a datetime',
      "{{ {'t': ustart} | tojson }}",
      /Object of type datetime is not JSON serializable/,
    ],
    ['a filter Jinja lacks', "{{ 'yes' | bool }}", /filter not found: bool/],
    ['a test Jinja lacks', '{{ none is None }}', /No test named 'None'/],
    ['str plus int', "{{ 'a' + 1 }}", /TypeError: unsupported operand/],
    ['arithmetic on undefined', '{{ nope + 1 }}', /UndefinedError/],
    ['division by zero', '{{ 7 / 0 }}', /ZeroDivisionError/],
    ['with block', '{% with y = 1 %}{{ y }}{% endwith %}', /unknown block tag: with/],
  ])('%s', (_name, template, error) => {
    expect(() => render(template)).toThrow(error);
  });
});

describe('Jinja statements', () => {
  it.each([
    ['loop filter', '{% for x in [1, 0, 2] if x %}{{ x }}{{ loop.length }}{% endfor %}', '1222'],
    ['tuple unpacking in set', '{% set a, b = 1, 2 %}{{ a }}{{ b }}', '12'],
    [
      'set in a loop stays in the iteration',
      '{% set c = 0 %}{% for i in [1, 2, 3] %}{% set c = c + i %}{{ c }},{% endfor %}{{ c }}',
      '1,2,3,0',
    ],
    [
      'namespace',
      '{% set ns = namespace(n=0) %}{% for i in [1, 2] %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}',
      '3',
    ],
    [
      'loop neighbours',
      '{% for x in [1, 2, 3] %}{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }} {% endfor %}',
      '<1>2 1<2>3 2<3> ',
    ],
    ['loop.changed', '{% for x in [1, 1, 2] %}{{ loop.changed(x) }} {% endfor %}', 'True False True '],
  ])('%s', (_name, template, expected) => {
    expect(render(template)).toBe(expected);
  });
});
