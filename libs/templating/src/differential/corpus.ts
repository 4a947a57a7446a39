/**
 * The differential corpus: every `{{ }}`/`{% %}` example of the original's user guide
 * (`user-guide-examples.json`, extracted by `extract_user_guide.py`) plus generated
 * templates: typical job-spec expressions and the edge cases where engines differ.
 * Deterministic (no randomness), so a run is reproducible.
 */
import userGuide from './user-guide-examples.json';

export interface CorpusEntry {
  /** `user-guide` entries come from the original's documentation; the rest are generated. */
  category: string;
  /** Where it came from (user guide file:line) or a generated id. */
  source: string;
  template: string;
}

const expr = (e: string): string => `{{ ${e} }}`;

/** Values templates commonly print or transform. */
const VALUES = [
  'job.job_id',
  'job.run_id',
  'job.owner',
  'job.max_tries',
  'job.parameters.timeout',
  'job.parameters.args',
  'realm.realm',
  'realm.s3_temp',
  'realm.tags',
  'globals.src',
  'globals.g2',
  'globals.tables',
  'globals.ratio',
  'globals.flag',
  'globals.empty',
  'globals.nothing',
  'state.counter',
  'state.sid',
  "state['my-id']",
  'vars.n',
  'vars.neg',
  'vars.f',
  'vars.g',
  'vars.s',
  'vars.csv',
  'vars.spaced',
  'vars.html',
  'vars.files',
  'vars.nums',
  'vars.words',
  'vars.nested',
  'vars.empty_list',
  'vars.empty_map',
  'vars.map',
  'vars.none',
  'vars.flag',
  'vars.config',
  'vars.users[0]',
  'result',
  'result.duration',
  'info.size',
  'vars.missing',
];

const STR_FILTERS = [
  'upper',
  'lower',
  'title',
  'capitalize',
  'trim',
  'length',
  'count',
  'reverse | list',
  'string',
  'list',
  'first',
  'last',
  'wordcount',
  'e',
  'escape',
  'striptags',
  'urlencode',
  'tojson',
  'center(30)',
  'truncate(8)',
  'truncate(10, True)',
  "replace('a', 'A')",
  "default('dflt')",
  "default('dflt', true)",
  'int',
  'float',
  'abs',
  'round',
  'join',
  "join(', ')",
  'sort',
  'unique | list',
  'min',
  'max',
  'sum',
  'batch(2) | list',
  'slice(2) | list',
  'indent(2)',
  'wordwrap(10)',
  'filesizeformat',
  'pprint',
  'safe',
  'bool',
  'items | list',
  'dictsort',
  'xmlattr',
  'forceescape',
  'format',
  'selectattr("active") | list',
];

const STRFTIME = [
  '%Y-%m-%d',
  '%Y/%m/%d %H:%M:%S',
  '%d %b %Y',
  '%A %B %-d',
  '%a %e %j',
  '%I:%M %p',
  '%Z %z',
  '%s',
  '%c',
  '%x %X',
  '%U %W %V %G %u %w',
  '%y%m%d%H%M',
  '%%Y',
  '%f',
  '%k|%l',
  '%D %T %R',
  '%h %C %g',
];

const DATETIMES = [
  'start',
  'ustart',
  'job.ts_dispatch',
  'globals.lava.master_start',
  'info.event_time',
  'utils.datetime(2024, 2, 29, 23, 59, 58)',
  'utils.datetime(1999, 12, 31)',
  'utils.date(2024, 1, 7)',
  "utils.parsedate.parse('2024-03-10 02:30')",
  "utils.parsedate.isoparse('2020-02-11T09:30:00+11:00')",
];

/** Typical job-spec expressions. */
function jobSpecTemplates(): string[] {
  const out: string[] = [];
  for (const v of VALUES) out.push(expr(v));
  for (const v of VALUES.slice(0, 24)) for (const f of STR_FILTERS) out.push(expr(`${v} | ${f}`));
  for (const d of DATETIMES) {
    out.push(expr(d));
    for (const f of STRFTIME) out.push(expr(`${d}.strftime('${f}')`));
    for (const m of [
      'isoformat()',
      'date()',
      'time()',
      'year',
      'month',
      'day',
      'weekday()',
      'isoweekday()',
      'isocalendar()',
      'timestamp() | int',
      'tzinfo',
      'utcoffset()',
      'tzname()',
      'replace(day=1)',
      "isoformat(' ')",
      'timetuple().tm_yday',
      'toordinal()',
      'ctime()',
      'date().isoformat()',
      'hour',
      'minute',
      'second',
      'microsecond',
    ])
      out.push(expr(`${d}.${m}`));
  }
  const deltas = [
    'days=1',
    'hours=4',
    'minutes=90',
    'seconds=3661',
    'weeks=2',
    'days=-1',
    'days=1, hours=2',
    'milliseconds=1500',
    'days=0.5',
    'microseconds=10',
  ];
  for (const d of ['start', 'ustart', 'utils.date(2024, 3, 1)'])
    for (const td of deltas) {
      out.push(expr(`${d} - utils.timedelta(${td})`));
      out.push(expr(`(${d} + utils.timedelta(${td})).isoformat()`));
    }
  for (const td of deltas) {
    const t = `utils.timedelta(${td})`;
    for (const e of [
      t,
      `-${t}`,
      `${t} * 2`,
      `${t} / 2`,
      `${t} // 3`,
      `${t} % utils.timedelta(hours=1)`,
      `${t}.total_seconds()`,
      `${t}.days`,
      `${t}.seconds`,
      `${t} | abs`,
      `${t} / utils.timedelta(minutes=1)`,
      `${t} // utils.timedelta(minutes=1)`,
      `${t} > utils.timedelta(hours=1)`,
      `${t} + ${t}`,
    ])
      out.push(expr(e));
  }
  const rds = [
    'months=1',
    'months=-6',
    'years=1',
    'days=+1',
    'day=31',
    'months=1, days=-1',
    'weeks=1',
    'hours=25',
  ];
  for (const d of ['start', 'ustart', 'utils.date(2024, 1, 31)'])
    for (const rd of rds) out.push(expr(`${d} + utils.dateutil.relativedelta.relativedelta(${rd})`));
  const strs = ["'Hello, World'", 'globals.src', 'vars.csv', "'  x y  '", "'a-b_c.d'", "'ABC def'"];
  const methods = [
    'upper()',
    'lower()',
    'title()',
    'capitalize()',
    'swapcase()',
    'casefold()',
    'strip()',
    "strip('/')",
    'lstrip()',
    'rstrip()',
    'split()',
    "split(',')",
    "split('/', 2)",
    "rsplit('/', 1)",
    "rsplit('/', 1)[0]",
    "split('/')[-1]",
    "partition('/')",
    "rpartition('.')",
    "replace('s', 'S')",
    "replace('a', 'A', 1)",
    "startswith('s3://')",
    "endswith('.gz')",
    "find('a')",
    "rfind('/')",
    "index('l')",
    "count('a')",
    'isdigit()',
    'isalpha()',
    'isupper()',
    'islower()',
    "center(20, '*')",
    'ljust(15)',
    "rjust(15, '.')",
    'zfill(12)',
    'expandtabs(4)',
    'splitlines()',
    "join(['x', 'y'])",
    'encode()',
    'format(1)',
    '[0]',
    '[1:4]',
    '[::-1]',
    '[-3:]',
    '[:-3]',
    '[::2]',
  ];
  for (const s of strs) for (const m of methods) out.push(expr(m.startsWith('[') ? `${s}${m}` : `${s}.${m}`));
  for (const p of ['globals.src', 'realm.s3_temp', "'s3://b/k/'", "'/b/k'", "'b'", "'s3:b/k/x'"]) {
    out.push(expr(`utils.s3bucket(${p})`), expr(`utils.s3key(${p})`));
    for (const f of ['basename', 'dirname', 'splitext', 'split', 'normpath', 'isabs'])
      out.push(expr(`utils.path.${f}(${p})`));
  }
  out.push(expr("utils.path.join('a', 'b', 'c.txt')"), expr("utils.path.join('/a/', '/b')"));
  for (const [pat, s] of [
    ["'s3://([^.]*)'", 'globals.src'],
    ["'(\\d{4})-(\\d{2})'", 'globals.src'],
    ["'part\\+(\\d)'", 'globals.src'],
    ["'x'", "'abc'"],
  ]) {
    out.push(expr(`utils.re.search(${pat}, ${s})`));
    out.push(expr(`utils.re.search(${pat}, ${s}).group(0) if utils.re.search(${pat}, ${s}) else 'none'`));
    out.push(expr(`utils.re.sub(${pat}, 'X', ${s})`));
    out.push(expr(`utils.re.findall(${pat}, ${s})`));
    out.push(expr(`utils.re.match(${pat}, ${s}) is none`));
    out.push(expr(`utils.re.split('[/.]', ${s})`));
  }
  out.push(
    expr("utils.re.search('(?P<y>\\d{4})', globals.src).group('y')"),
    expr("utils.re.search('(\\d+)-(\\d+)', globals.src).groups()"),
    expr("utils.re.sub('(\\w+)@', '\\\\1 at ', job.owner)"),
    expr("utils.re.fullmatch('[a-z/-]+', job.job_id) is not none"),
    expr("utils.re.escape('a.b*c')"),
  );
  return out;
}

/** Operator precedence and associativity. */
function precedenceTemplates(): string[] {
  const nums = ['7', '2', '3', 'vars.n', 'vars.m', '10', '4'];
  const ops = ['+', '-', '*', '/', '//', '%', '**'];
  const out: string[] = [];
  for (const a of ops)
    for (const b of ops) {
      out.push(expr(`7 ${a} 3 ${b} 2`));
      out.push(expr(`vars.n ${a} vars.m ${b} 2`));
    }
  for (const a of ops)
    for (const b of ops) for (const c of ['+', '*', '%']) out.push(expr(`10 ${a} 4 ${b} 3 ${c} 2`));
  for (const n of nums) {
    out.push(
      expr(`-${n} ** 2`),
      expr(`(-${n}) ** 2`),
      expr(`2 ** -1 * ${n}`),
      expr(`-${n} // 2`),
      expr(`-${n} % 3`),
    );
  }
  out.push(
    expr('info.size * 8 // 1024'),
    expr('info.size / 1024 / 1024'),
    expr('(vars.wait_mins + 15) * 60'),
    expr('vars.wait_mins + 15 * 60'),
    expr('1 + 2 ~ 3'),
    expr("'a' ~ 1 + 2"),
    expr('1 ~ 2 * 3'),
    expr('2 ** 3 ** 2'),
    expr('not 1 == 2'),
    expr('not vars.flag or true'),
    expr('1 < 2 < 3'),
    expr('3 > 2 > 1 == 1'),
    expr('1 in [1] == true'),
    expr('vars.n - 1 is odd'),
    expr('vars.n + 1 | string'),
    expr('-vars.n | abs'),
    expr('-1 | abs + 1'),
    expr("'x' if vars.flag else 'y' ~ 'z'"),
    expr('1 if 0 else 2 if 0 else 3'),
    expr('vars.n > 5 and vars.m < 5 or false'),
    expr('ustart + utils.dateutil.relativedelta.relativedelta(months=1) - utils.timedelta(days=1)'),
    expr(
      "(ustart.replace(day=1) + utils.dateutil.relativedelta.relativedelta(months=1) - utils.timedelta(days=1)).strftime('%Y-%m-%d')",
    ),
    expr('start - utils.timedelta(days=1) + utils.timedelta(hours=2)'),
    expr('10 - 3 + 2'),
    expr('10 - 3 - 2'),
    expr('100 / 10 / 5'),
    expr('2 * 3 % 4'),
    expr('7 * 3 // 2'),
    expr('2 * 5 % 3'),
  );
  return out;
}

/** Tests, with and without parentheses. */
function testTemplates(): string[] {
  const out: string[] = [];
  const subjects = [
    'vars.n',
    'vars.m',
    '0',
    'vars.s',
    'vars.none',
    'vars.missing',
    'vars.nums',
    'vars.map',
    'true',
    '2.5',
  ];
  const tests = [
    'odd',
    'even',
    'divisibleby 3',
    'divisibleby(3)',
    'defined',
    'undefined',
    'none',
    'number',
    'string',
    'mapping',
    'iterable',
    'sequence',
    'boolean',
    'integer',
    'float',
    'true',
    'false',
    'lower',
    'upper',
    'callable',
    'sameas true',
    'sameas none',
    'eq 7',
    'ne 7',
    'gt 1',
    'ge 7',
    'lt 10',
    'le 3',
    '== 7',
    '!= 3',
    '> 2',
    'in [7, 3]',
    "in 'Hello, World'",
    'equalto 7',
    'greaterthan 2',
    'lessthan 2',
    'escaped',
  ];
  for (const s of subjects)
    for (const t of tests) {
      out.push(expr(`${s} is ${t}`));
    }
  for (const t of ['odd', 'divisibleby 2', 'defined', 'none', 'gt 3', 'in [1, 7]'])
    out.push(expr(`vars.n is not ${t}`), `{% if vars.n is ${t} %}yes{% else %}no{% endif %}`);
  out.push(
    expr("vars.nums | select('odd') | list"),
    expr("vars.nums | reject('divisibleby', 3) | list"),
    expr("vars.nums | select('gt', 3) | list"),
    expr("vars.users | selectattr('age', 'gt', 26) | map(attribute='name') | list"),
    expr("vars.users | rejectattr('active') | map(attribute='name') | join(',')"),
    expr("vars.words | select('lower') | list"),
    expr("vars.nums | select('in', [1, 2]) | list"),
    expr('vars.n is divisibleby 3 and vars.m is odd'),
    expr('vars.n is number and vars.s is string'),
    expr('vars.missing is defined or vars.n is defined'),
  );
  return out;
}

/** `{% set %}` scoping, loops and `loop.*`. */
function statementTemplates(): string[] {
  const out: string[] = [
    '{% set c = 0 %}{% for i in [1,2,3] %}{% set c = c + i %}{% endfor %}{{ c }}',
    '{% set c = 0 %}{% for i in [1,2,3] %}{% set c = c + i %}{{ c }},{% endfor %}{{ c }}',
    '{% for i in [1,2] %}{% set x = i %}{% endfor %}{{ x }}',
    '{% set x = 1 %}{% if true %}{% set x = 2 %}{% endif %}{{ x }}',
    '{% set x = 1 %}{% for i in [1] %}{% if true %}{% set x = 5 %}{% endif %}{{ x }}{% endfor %}{{ x }}',
    '{% for i in [1, 2] %}{% for j in [3, 4] %}{{ loop.depth }}{{ loop.depth0 }}{{ i }}{{ j }} {% endfor %}{% endfor %}',
    '{% for x in [1, 2, 3] %}{{ loop.previtem }}-{{ loop.nextitem }};{% endfor %}',
    '{% for x in [1, 1, 2, 3, 3] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}',
    '{% for x in vars.files %}{{ loop.index }}/{{ loop.length }}:{{ loop.revindex }}:{{ loop.revindex0 }}:{{ loop.first }}:{{ loop.last }} {% endfor %}',
    '{% for x in vars.files %}{{ loop.cycle("odd", "even") }} {% endfor %}',
    '{% for k, v in vars.map.items() %}{{ k }}={{ v }};{% endfor %}',
    '{% for k in vars.map %}{{ k }}{% endfor %}',
    '{% for a, b in vars.nested %}{{ a + b }} {% endfor %}',
    '{% for x in vars.empty_list %}{{ x }}{% else %}empty{% endfor %}',
    '{% for x in range(3) %}{{ x }}{% endfor %}',
    '{% for x in range(10, 0, -3) %}{{ x }},{% endfor %}',
    '{% for c in "abc" %}{{ c }}.{% endfor %}',
    '{% for x in vars.nums if x > 2 %}{{ x }}{% endfor %}',
    '{% for x in vars.nums | sort %}{{ x }}{% endfor %}',
    '{% for u in vars.users | sort(attribute="age") %}{{ u.name }}{% endfor %}',
    '{% for u in vars.users | sort(attribute="age,name", reverse=true) %}{{ u.name }}{% endfor %}',
    '{% set ns = namespace(total=0) %}{% for i in vars.nums %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}',
    '{% set a, b = 1, 2 %}{{ a }}{{ b }}',
    '{% set a, b = vars.nested[0] %}{{ a }}-{{ b }}',
    '{% with x = 5 %}{{ x }}{% endwith %}{{ x }}',
    '{% set t %}block {{ job.job_id }}{% endset %}[{{ t }}]',
    '{% set t | upper %}hi {{ vars.x }}{% endset %}{{ t }}',
    '{% macro greet(n, p="Hi") %}{{ p }} {{ n }}{% endmacro %}{{ greet("ann") }} {{ greet("bob", p="Yo") }}',
    '{% macro m() %}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, a=3) }}',
    '{% filter upper %}shout {{ vars.x }}{% endfilter %}',
    '{% raw %}{{ not rendered }}{% endraw %}',
    '{%- if true -%}  trimmed  {%- endif -%}',
    '  {{- vars.x -}}  ',
    '{% if vars.n > 5 %}big{% elif vars.n > 2 %}mid{% else %}small{% endif %}',
    '{% if vars.missing %}x{% endif %}ok',
    '{% if not vars.empty_list %}none{% endif %}',
    '{# comment #}text',
    '{% for x in [3, 1, 2] %}{% if x > 1 %}{{ x }}{% continue %}{% endif %}{% endfor %}',
    '{% for i in range(2) %}{% for j in range(2) %}{{ loop.index }}{{ loop.previtem }}{% endfor %}{% endfor %}',
    '{% for x in vars.users | groupby("dept") %}{{ x.grouper }}:{{ x.list | map(attribute="name") | join(",") }};{% endfor %}',
    '{% for dept, us in vars.users | groupby("dept") %}{{ dept }}={{ us | length }} {% endfor %}',
    '{% for k, v in vars.map | dictsort %}{{ k }}{{ v }}{% endfor %}',
    '{% for k, v in vars.map | dictsort(by="value", reverse=true) %}{{ k }}{{ v }}{% endfor %}',
    '{% for k, v in vars.map | dictsort(false, "value") %}{{ k }}{% endfor %}',
    '{% for x in vars.files %}{{ x }}{{ "," if not loop.last }}{% endfor %}',
    '{% set items = [] %}{% for f in vars.files %}{% set _ = items.append(f | upper) %}{% endfor %}{{ items }}',
    '{% set d = {} %}{% set _ = d.update({"a": 1}) %}{{ d }}',
    '{% for x in vars.nums %}{% if loop.index > 3 %}{% break %}{% endif %}{{ x }}{% endfor %}',
    '{% set x = vars.missing | default(5) %}{{ x * 2 }}',
    '{% set parts = globals.src.split("/") %}{{ parts[2] }}/{{ parts[3:] | join("/") }}',
  ];
  for (const d of ['1', '2', '3']) {
    out.push(`{% for x in vars.nums | batch(${d}) %}{{ x }}{% endfor %}`);
    out.push(`{% for x in vars.nums | slice(${d}) %}{{ x }}{% endfor %}`);
  }
  for (const v of ['vars.files', 'vars.nums', 'vars.words', 'vars.users', 'vars.map', 'vars.s'])
    out.push(
      `{% for x in ${v} %}{{ loop.index0 }}:{{ x }}{{ ', ' if not loop.last }}{% endfor %}`,
      `{% for x in ${v} %}{{ loop.previtem }}|{% endfor %}`,
      `{% for x in ${v} %}{% if loop.changed(x) %}*{% endif %}{% endfor %}`,
    );
  return out;
}

/** Where Jinja raises: the job must fail, not run with an odd value. */
function raisingTemplates(): string[] {
  const vals = [
    "'a'",
    '1',
    'none',
    'vars.missing',
    '[1]',
    '{}',
    'start',
    'utils.timedelta(days=1)',
    'true',
    '2.5',
  ];
  const out: string[] = [];
  for (const a of vals)
    for (const b of vals) {
      out.push(expr(`${a} + ${b}`));
      out.push(expr(`${a} - ${b}`));
    }
  for (const a of vals)
    for (const op of ['*', '/', '//', '%', '<', '**']) {
      out.push(expr(`${a} ${op} 2`));
      out.push(expr(`${a} ${op} 0`));
    }
  for (const f of [
    'int',
    'float',
    'abs',
    'round',
    'length',
    'upper',
    'first',
    'sum',
    'tojson',
    'list',
    'string',
    'join',
  ])
    for (const v of ['vars.missing', 'vars.none', 'start', "'12'", "'1.5'", "'x'", '3.7', '-3'])
      out.push(expr(`${v} | ${f}`));
  out.push(
    expr('7 / 0'),
    expr('7 // 0'),
    expr('7 % 0'),
    expr('7.0 / 0'),
    expr('vars.missing.x'),
    expr('vars.missing()'),
    expr('vars.s()'),
    expr('vars.s.nope()'),
    expr('vars.nums[10]'),
    expr('vars.map.zz'),
    expr("vars.map['zz']"),
    expr('vars.nums.nope'),
    expr('start - utils.datetime(2024, 1, 1)'),
    expr('utils.datetime(2024, 1, 1) - start'),
    expr('start < utils.datetime(2024, 1, 1)'),
    expr('start == utils.datetime(2024, 5, 1, 13, 0, 9)'),
    expr('start | tojson'),
    expr('vars | tojson'),
    expr('utils.timedelta(days=1) | tojson'),
    expr('utils.datetime(2024, 13, 1)'),
    expr('utils.date(2024, 2, 30)'),
    expr("utils.timedelta(days='x')"),
    expr('utils.timedelta(bogus=1)'),
    expr("'abc'.nope()"),
    expr("'%d' % 'x'"),
    expr("'%s %s' % ('a',)"),
    expr("'{} {}'.format('a')"),
    expr("'{x}'.format(y=1)"),
    expr("int('x')"),
    expr('{{ }}'),
    '{% if %}{% endif %}',
    '{% for x in %}{% endfor %}',
    '{% endfor %}',
    '{% if true %}unclosed',
    expr('1 +'),
    expr('(1'),
    expr("'unterminated"),
    expr('vars.s | nosuchfilter'),
    expr('vars.s is nosuchtest'),
    expr('nosuchfunc()'),
    expr('range(3, 0)'),
    expr("utils.re.search('(', 'x')"),
    expr("utils.parsedate.parse('not a date')"),
    expr("utils.parsedate.isoparse('2024-13-01')"),
    expr("utils.datetime.strptime('2024-05', '%Y-%m-%d')"),
    expr('[1, 2][5]'),
    expr("vars.s.split(',')[9]"),
    expr("'a'[5]"),
    expr('vars.nums.index(99)'),
    expr('vars.map.pop("zz")'),
    expr('vars.nums | max(attribute="x")'),
    expr('vars.users | map(attribute="nope") | list'),
    expr('vars.users | sort(attribute="nope")'),
    expr('vars.nums | join(1)'),
    expr('vars.words | sort | first | int'),
  );
  return out;
}

/** Number literals, rounding and number formatting. */
function numberTemplates(): string[] {
  const out: string[] = [];
  for (const lit of [
    '1e3',
    '1e-5',
    '1.5e3',
    '2E2',
    '1_000',
    '1_000.5',
    '0x10',
    '0o10',
    '0b101',
    '0.1 + 0.2',
    '1 / 3',
    '2 / 3 * 3',
    '10 / 4',
    '10 // 4',
    '-7 // 2',
    '-7 % 3',
    '7 % -3',
    '7.5 % 2',
    '2 ** 10',
    '2 ** 0.5',
    '2 ** -2',
    '10 ** 20',
    '10 ** 16 + 1',
    '1e16',
    '1e22',
    '123456789.0',
    '0.000001',
    '1e-7',
    '100.0',
    '3.0 * 2',
    '.5',
    '5.',
    '1.10',
    '-0.0',
    '007',
    '12345678901234567890',
  ])
    out.push(expr(lit));
  const roundables = [
    '0.5',
    '1.5',
    '2.5',
    '3.5',
    '-2.5',
    '2.675',
    '0.125',
    '1.005',
    '2.4999',
    '7',
    '-0.5',
    'vars.f',
    'vars.pi',
  ];
  for (const v of roundables) {
    out.push(
      expr(`${v} | round`),
      expr(`${v} | round(2)`),
      expr(`${v} | round(1, 'floor')`),
      expr(`${v} | round(1, 'ceil')`),
    );
    out.push(expr(`${v} | round | int`), expr(`${v} | int`), expr(`${v} | float`));
    out.push(
      expr(`'%.0f' % ${v}`),
      expr(`'%.2f' % ${v}`),
      expr(`'{:.1f}'.format(${v})`),
      expr(`'%d' % ${v}`),
    );
  }
  const fmts = [
    "'%s' % vars.x",
    "'%s' % start",
    "'%s' % vars.files",
    "'%s' % (vars.files,)",
    "'%r' % vars.x",
    "'%s-%s' % (1, 2)",
    "'%05d' % vars.n",
    "'%-5d|' % vars.n",
    "'%+d' % vars.n",
    "'%x %X %o' % (255, 255, 8)",
    "'%e' % 12345.678",
    "'%g' % 0.0001",
    "'%10.3f|' % vars.pi",
    "'%c' % 65",
    "'%%' % ()",
    "'%(a)s' % {'a': 1}",
    "'%s' % none",
    "'%s' % true",
    "'%s' % vars.map",
    "'%i' % 3.9",
    "'%.3s' % 'abcdef'",
    "'{}'.format(vars.x)",
    "'{0}-{0}'.format(vars.n)",
    "'{a}/{b}'.format(a=1, b=2)",
    "'{:>8}|'.format('r')",
    "'{:<8}|'.format('l')",
    "'{:^8}|'.format('c')",
    "'{:*^9}'.format('mid')",
    "'{:08.3f}'.format(vars.pi)",
    "'{:,}'.format(vars.big)",
    "'{:_}'.format(vars.big)",
    "'{:x}'.format(255)",
    "'{:#x}'.format(255)",
    "'{:b}'.format(5)",
    "'{:e}'.format(1234.5)",
    "'{:%}'.format(0.25)",
    "'{:.1%}'.format(0.256)",
    "'{:+.2f}'.format(vars.f)",
    "'{}'.format(start)",
    "'{:%Y-%m-%d}'.format(start)",
    "'{}'.format(vars.files)",
    "'{!r}'.format('x')",
    "'{0[0]}'.format(vars.files)",
    "'{0.year}'.format(start)",
    "'{:d}'.format(7)",
    "'{:5}|'.format(7)",
    "'{:.2}'.format(vars.pi)",
    "'{:g}'.format(1e20)",
    'vars.s | format',
    "'%s=%d' | format('x', 3)",
    "'%(a)s' | format(a=1)",
    "'{}'.format(utils.timedelta(hours=1))",
    "'%s' % utils.timedelta(days=2, seconds=5)",
    "'%s' % utils.date(2024, 1, 2)",
  ];
  for (const f of fmts) out.push(expr(f));
  for (const n of ['0', '1', '1023', '1024', '1500000', '1e9', '-2048']) {
    out.push(expr(`${n} | filesizeformat`), expr(`${n} | filesizeformat(true)`));
  }
  return out;
}

/** Literals and how Python prints values. */
function literalTemplates(): string[] {
  return [
    "{{ {'a': 1, 'b': [1, 2]} }}",
    "{{ {'a': {'b': 2}} }}",
    '{{ {1: "x", 2: "y"} }}',
    '{{ {vars.x: 1} }}',
    "{{ {'a': 1,} }}",
    '{{ {} }}',
    "{{ {'k': none, 'j': true, 'f': 1.5} }}",
    "{{ {'a': 1}['a'] }}",
    "{{ {'a': 1}.a }}",
    '{{ (1, 2) }}',
    '{{ (1,) }}',
    '{{ () }}',
    '{{ [1, 2,] }}',
    '{{ [] }}',
    '{{ [[1], [2, [3]]] }}',
    "{{ ['a', \"b'c\", 'd\"e'] }}",
    "{{ ['a\\nb'] }}",
    '{{ [none, true, false] }}',
    '{{ [1.5, 2.0, -3] }}',
    '{{ [start] }}',
    '{{ [ustart, utils.date(2024, 1, 1)] }}',
    "{{ {'t': start} }}",
    '{{ [utils.timedelta(days=1)] }}',
    '{{ (start, ustart) }}',
    '{{ [utils.time(12, 30)] }}',
    '{{ utils.time(12, 30, 5) }}',
    '{{ utils.time(0, 0, 0, 500) }}',
    '{{ utils.timedelta(days=-1, hours=3) }}',
    '{{ utils.timedelta(microseconds=1) }}',
    '{{ utils.timedelta(days=400) }}',
    '{{ vars.map.items() }}',
    '{{ vars.map.keys() }}',
    '{{ vars.map.values() }}',
    '{{ vars.map.items() | list }}',
    '{{ vars.map | list }}',
    '{{ vars.map.get("a") }}',
    '{{ vars.map.get("z", 0) }}',
    '{{ vars.config.db }}',
    '{{ vars.users[0] }}',
    '{{ vars.users | map(attribute="name") }}',
    '{{ vars.words | unique }}',
    '{{ vars.nums | reverse }}',
    '{{ vars.nums | select("odd") }}',
    '{{ range(3) }}',
    '{{ range(3) | list }}',
    '{{ lipsum }}',
    '{{ dict(a=1, b=2) }}',
    '{{ none }}',
    '{{ None }}',
    '{{ True }}',
    '{{ true }}',
    '{{ vars.none.true }}',
    "{{ {'none': 1}.none }}",
    "{{ {'true': 1}.true }}",
    "{{ {'false': 2}['false'] }}",
    '{{ "a" "b" }}',
    "{{ 'a' ~ none ~ true ~ 1.5 ~ [1] }}",
    "{{ 'x' * 3 }}",
    '{{ [1] * 3 }}',
    '{{ [1, 2] + [3] }}',
    '{{ (1, 2) + (3,) }}',
    "{{ 'a' in 'abc' }}",
    "{{ 'a' not in vars.map }}",
    '{{ 2 in vars.nums }}',
    '{{ vars.nums | length > 3 }}',
    '{{ 1 == 1.0 }}',
    '{{ true == 1 }}',
    '{{ [1, 2] == [1, 2] }}',
    '{{ (1, 2) == [1, 2] }}',
    "{{ 'abc' < 'abd' }}",
    '{{ [1, 2] < [1, 3] }}',
    "{{ 'a' < 1 }}",
    '{{ none == none }}',
    '{{ vars.missing == none }}',
    '{{ start > ustart }}',
    '{{ start == ustart }}',
    '{{ start.date() == ustart.date() }}',
    '{{ utils.datetime.max }}',
    '{{ utils.datetime.min }}',
    '{{ utils.date.max }}',
    '{{ utils.timedelta.max }}',
    '{{ utils.datetime.now() }}',
    '{{ utils.datetime.now(utils.dateutil.tz.UTC) }}',
    '{{ utils.datetime.utcnow() }}',
    '{{ utils.date.today() }}',
    '{{ utils.datetime.today().date() }}',
    '{{ utils.uuid() }}',
    '{{ utils.uuid() | string | length }}',
    '{{ utils.uuid().hex }}',
    '{{ start.fromtimestamp(start.timestamp() - 86400) }}',
    '{{ utils.datetime.fromtimestamp(0) }}',
    '{{ utils.datetime.fromtimestamp(86400, utils.dateutil.tz.UTC) }}',
    '{{ utils.datetime.utcfromtimestamp(0) }}',
    "{{ utils.datetime.fromisoformat('2024-05-01T10:00:00+02:00') }}",
    "{{ start.fromisoformat('2024-05-01') }}",
    "{{ utils.date.fromisoformat('2024-05-01') }}",
    "{{ utils.datetime.strptime('2024-05-01 10:11', '%Y-%m-%d %H:%M') }}",
    "{{ utils.datetime.strptime('01/May/2024', '%d/%b/%Y').date() }}",
    '{{ start.timetz() }}',
    '{{ start.astimezone(utils.dateutil.tz.UTC) }}',
    "{{ start.astimezone(utils.dateutil.tz.gettz('America/New_York')) }}",
    "{{ utils.datetime(2024, 7, 1, tzinfo=utils.dateutil.tz.gettz('Europe/London')).strftime('%Z %z') }}",
    '{{ ustart.replace(tzinfo=none) }}',
    '{{ utils.datetime.combine(utils.date(2024, 1, 2), utils.time(3, 4)) }}',
    "{{ utils.parsedate.parse('2024-05-01', dayfirst=True) }}",
    "{{ utils.parsedate.parse('01/02/2024', dayfirst=True) }}",
    "{{ utils.parsedate.parse('01/02/2024') }}",
    "{{ utils.parsedate.parse('May 3 2024 10:00') }}",
    "{{ utils.parsedate.parse('2024-05-01T10:00:00Z') }}",
    "{{ utils.parsedate.parse('3 June 2023') }}",
    "{{ utils.parsedate.parse('20240501') }}",
    "{{ utils.parsedate.parse('2024-05-01 10:00:00+05:30') }}",
    "{{ utils.dateutil.parser.parse('Wed, 01 May 2024 10:00:00 GMT') }}",
    '{{ utils.dateutil.relativedelta.relativedelta(months=1, days=2) }}',
    '{{ utils.dateutil.relativedelta.relativedelta(utils.date(2024, 5, 1), utils.date(2023, 1, 15)) }}',
    '{{ start + utils.dateutil.relativedelta.relativedelta(weekday=0) }}',
    '{{ (start - utils.timedelta(days=start.weekday())).date() }}',
    "{{ (start.replace(day=1) - utils.timedelta(days=1)).strftime('%Y%m') }}",
    "{{ (ustart - utils.parsedate.parse(state['sid'])).total_seconds() }}",
    "{{ ustart - utils.parsedate.parse(state['sid']) }}",
    "{{ (ustart - utils.parsedate.parse(state['sid'])) > utils.timedelta(hours=4) }}",
    '{{ (utils.date(2024, 3, 1) - utils.date(2024, 2, 1)).days }}',
    '{{ utils.date(2024, 3, 1) - utils.date(2024, 2, 1) }}',
    "{{ start.strftime('%Y-%m-%dT%H:%M:%S%z') }}",
    '{{ start.isoformat(timespec="minutes") }}',
    '{{ utils.datetime(2024, 1, 1, 0, 0, 0, 123456).isoformat() }}',
    '{{ utils.datetime(2024, 1, 1, 0, 0, 0, 123456) }}',
    '{{ utils.datetime(2024, 1, 1, 0, 0, 0, 123456).isoformat(timespec="milliseconds") }}',
  ];
}

/** Filters and methods the issue lists. */
function filterTemplates(): string[] {
  return [
    "{{ 'Straße'.casefold() }}",
    "{{ 'a\\tb'.expandtabs() }}",
    "{{ 'a\\tb'.expandtabs(4) }}",
    '{{ vars.multi | wordwrap(12) }}',
    "{{ 'The quick brown fox jumps over the lazy dog' | wordwrap(15) }}",
    "{{ 'The quick brown fox' | wordwrap(5, wrapstring='|') }}",
    "{{ {'class': 'x', 'id': 'y'} | xmlattr }}",
    "{{ {'a': none, 'b': 'q\"'} | xmlattr(false) }}",
    "{{ {'a b': 'c d', 'e': 1} | urlencode }}",
    "{{ 'a b&c/d' | urlencode }}",
    "{{ [('k', 'v'), ('x', 'y z')] | urlencode }}",
    "{{ '\"quoted\" <b> & \\'single\\'' | e }}",
    "{{ '<p>a &amp; b &lt;c&gt; &#39;x&#39;</p>' | striptags }}",
    "{{ '<p>  many   \n  spaces </p>' | striptags }}",
    '{{ vars.html | striptags }}',
    '{{ vars.html | e }}',
    '{{ vars.html | forceescape }}',
    "{{ vars.users | groupby('dept') }}",
    "{{ vars.users | groupby('dept') | map(attribute='grouper') | list }}",
    "{{ (vars.users | groupby('age') | first).list | length }}",
    "{{ vars.users | groupby('dept', default='x') | length }}",
    '{{ vars.map | dictsort }}',
    "{{ vars.map | dictsort(by='value') }}",
    '{{ vars.map | dictsort(reverse=true) }}',
    "{{ {'B': 1, 'a': 2} | dictsort }}",
    "{{ {'B': 1, 'a': 2} | dictsort(true) }}",
    "{{ vars.users | map(attribute='age') | sum }}",
    "{{ vars.users | sum(attribute='age') }}",
    "{{ vars.users | map(attribute='name') | map('upper') | join('-') }}",
    "{{ vars.users | map(attribute='dept') | unique | list }}",
    "{{ vars.users | max(attribute='age') }}",
    "{{ vars.users | min(attribute='age') | attr('name') }}",
    '{{ vars.words | sort(case_sensitive=true) }}',
    '{{ vars.words | sort }}',
    '{{ vars.words | sort(reverse=true) | first }}',
    '{{ vars.words | unique(case_sensitive=true) | list }}',
    "{{ ['a', 'A', 'b'] | unique | list }}",
    '{{ vars.words | max }}',
    "{{ vars.nums | map('string') | join }}",
    "{{ vars.nums | map('int') | sum }}",
    '{{ vars.nums | sum(start=10) }}',
    "{{ vars.nums | batch(3, 'x') | list }}",
    '{{ vars.nums | slice(3, 0) | list }}',
    '{{ vars.config | items | list }}',
    '{{ vars.s | list }}',
    '{{ vars.s | count }}',
    "{{ vars.s | replace('l', 'L', 2) }}",
    '{{ vars.s | truncate(9) }}',
    "{{ vars.s | truncate(9, false, '...', 0) }}",
    '{{ vars.s | center(20) }}|',
    '{{ vars.multi | indent(4, first=true) }}',
    "{{ vars.multi | indent('> ') }}",
    "{{ vars.s | attr('upper') }}",
    "{{ 'ab' | string | reverse }}",
    '{{ [3, 1] | reverse | list }}',
    '{{ 42 | string | length }}',
    "{{ '42' | int + 1 }}",
    "{{ '0x1A' | int(base=16) }}",
    "{{ '0b11' | int(0, 2) }}",
    "{{ 'x' | int(7) }}",
    "{{ '3.9' | int }}",
    "{{ '1e3' | float }}",
    "{{ 'nan' | float }}",
    "{{ 'x' | float(1.5) }}",
    "{{ '' | bool }}",
    '{{ -3.7 | abs }}',
    '{{ vars.nums | first }}',
    '{{ vars.nums | last }}',
    '{{ vars.nums | random is number }}',
    '{{ vars.map | length }}',
    '{{ vars.users | selectattr("dept", "equalto", "ops") | list | length }}',
    '{{ vars.users | selectattr("name", "in", ["ann", "dan"]) | map(attribute="age") | list }}',
    '{{ vars.config | tojson }}',
    '{{ vars.config | tojson(indent=2) }}',
    '{{ vars.html | tojson }}',
    '{{ "it\'s <x>" | tojson }}',
    '{{ vars.none | tojson }}',
    '{{ [1.5, true, none] | tojson }}',
    '{{ vars.config | pprint }}',
    '{{ vars.x | default(vars.missing) }}',
    "{{ vars.missing | d('fallback') }}",
    "{{ vars.empty_list | default('fallback', true) }}",
    "{{ vars.s.split(', ') | map('lower') | list }}",
    "{{ vars.s | title | replace(' ', '_') | lower }}",
    '{{ "%s-%s" | format(job.job_id, vars.n) }}',
    '{{ job.job_id | replace("/", "_") | upper }}',
    '{{ globals.tables | join(",") | upper }}',
    '{{ globals.tables | map("upper") | list }}',
    '{{ globals.tables | select("ne", "items") | list }}',
    "{{ job.parameters.args | join(' ') }}",
    "{{ vars.users | map(attribute='name') | map('capitalize') | join(', ') }}",
    "{{ vars.csv.split(',') | select | list }}",
    "{{ vars.csv.split(',') | reject | list | length }}",
    "{{ vars.words | map('length') | list }}",
    "{{ vars.nested | map('sum') | list }}",
    "{{ vars.nested | map('first') | list }}",
    '{{ vars.config.names | zip is defined }}',
  ];
}

/** The whole corpus, user-guide examples first. */
export function buildCorpus(): CorpusEntry[] {
  const entries: CorpusEntry[] = (userGuide as { source: string; template: string }[]).map((e) => ({
    category: 'user-guide',
    source: e.source,
    template: e.template,
  }));
  const groups: [string, string[]][] = [
    ['job-spec', jobSpecTemplates()],
    ['precedence', precedenceTemplates()],
    ['tests', testTemplates()],
    ['statements', statementTemplates()],
    ['raising', raisingTemplates()],
    ['numbers', numberTemplates()],
    ['literals', literalTemplates()],
    ['filters', filterTemplates()],
  ];
  for (const [category, templates] of groups) {
    const seen = new Set<string>();
    templates.forEach((template, i) => {
      if (seen.has(template)) return;
      seen.add(template);
      entries.push({ category, source: `${category}#${i}`, template });
    });
  }
  return entries;
}
