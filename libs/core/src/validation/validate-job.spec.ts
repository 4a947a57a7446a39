import { ValidationError, type ValidationIssue } from '../errors';
import { validateJob } from './validate-job';

const base = {
  job_id: 'etl/load',
  type: 'cmd',
  worker: 'core',
  payload: 'echo hi',
  owner: 'me',
  description: 'd',
};

function issuesOf(raw: unknown, opts = {}): ValidationIssue[] {
  try {
    validateJob(raw, opts);
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('validateJob: defaults (loader)', () => {
  it('applies the loader defaults and keeps given values', () => {
    const { value, warnings } = validateJob({ job_id: 'a', type: 'log', worker: 'core', payload: null });
    expect(value).toEqual({
      job_id: 'a',
      type: 'log',
      worker: 'core',
      payload: null,
      description: '',
      owner: '',
      enabled: false,
      max_tries: 0,
      parameters: {},
      globals: {},
      state: {},
    });
    expect(warnings.map((w) => [w.path, w.rule])).toEqual([
      ['/description', 'recommended'],
      ['/owner', 'recommended'],
    ]);
  });

  it.each([[null], [''], [0], [false]])('replaces a falsy parameters/globals (%j) with {}', (falsy) => {
    const { value } = validateJob({ ...base, parameters: falsy, globals: falsy });
    expect(value.parameters).toEqual({});
    expect(value.globals).toEqual({});
  });

  it('removes x-/X- fields without warnings, but warns about x_ or xx- fields', () => {
    const { value, warnings } = validateJob({ ...base, 'x-sum': 1, 'X-Owner': 2, x_other: 3, 'xx-a': 4 });
    expect(value).not.toHaveProperty('x-sum');
    expect(value).not.toHaveProperty('X-Owner');
    expect(warnings.map((w) => w.path)).toEqual(['/x_other', '/xx-a']);
  });

  it('normalises iteration_limit strings and cw_metrics booleans', () => {
    const { value } = validateJob({ ...base, iteration_limit: '3', cw_metrics: 'false' });
    expect(value.iteration_limit).toBe(3);
    expect(value.cw_metrics).toBe(false);
  });

  it('maps the lava action alias to dispatch', () => {
    const { value } = validateJob({ ...base, on_success: [{ action: 'lava', job_id: 'next' }] });
    expect(value.on_success).toEqual([{ action: 'dispatch', job_id: 'next' }]);
  });
});

describe('validateJob: scheduling extensions', () => {
  it('accepts six-field cron, a per-job timezone and a catchup window without warnings', () => {
    const job = {
      ...base,
      dispatcher: 'utc',
      schedule: '*/10 * * * * *',
      timezone: 'Australia/Sydney',
      catchup: '10m',
    };
    const { value, warnings } = validateJob(job);
    expect(warnings).toEqual([]);
    expect(value).toMatchObject({ schedule: '*/10 * * * * *', timezone: 'Australia/Sydney', catchup: '10m' });
  });
});

describe('validateJob: unknown fields', () => {
  it('warns in lenient mode and keeps the field', () => {
    const { value, warnings } = validateJob({ ...base, colour: 'red' });
    expect(value.colour).toBe('red');
    expect(warnings).toEqual([
      { record: 'job etl/load', path: '/colour', rule: 'unknown-field', message: 'Unexpected keys: colour' },
    ]);
  });

  it('rejects in strict mode', () => {
    expect(issuesOf({ ...base, colour: 'red' }, { strict: true })).toEqual([
      { record: 'job etl/load', path: '/colour', rule: 'unknown-field', message: 'Unexpected keys: colour' },
    ]);
  });
});

describe('validateJob: rules (table)', () => {
  it.each<[string, Record<string, unknown>, Partial<ValidationIssue>]>([
    [
      'missing keys, sorted',
      { job_id: 'a', type: 'x' },
      { path: '', rule: 'required', message: 'Missing keys: payload, worker' },
    ],
    [
      'reserved global',
      { ...base, globals: { LavaX: 1 } },
      { path: '/globals/LavaX', rule: 'reserved-global', message: 'Reserved global: LavaX' },
    ],
    [
      'reserved global, lower case',
      { ...base, globals: { lava: {} } },
      { path: '/globals/lava', message: 'Reserved global: lava' },
    ],
    ['type not a string', { ...base, type: 5 }, { path: '/type', rule: 'type', value: 5 }],
    ['empty job_id', { ...base, job_id: '' }, { path: '/job_id', rule: 'minLength' }],
    [
      'enabled null',
      { ...base, enabled: null },
      { path: '/enabled', message: 'must be a boolean or a Jinja string' },
    ],
    ['enabled number', { ...base, enabled: 1 }, { path: '/enabled', rule: 'type' }],
    ['parameters a list', { ...base, parameters: [1] }, { path: '/parameters', message: 'must be a map' }],
    ['state null', { ...base, state: null }, { path: '/state', rule: 'type' }],
    ['iteration_limit 0', { ...base, iteration_limit: 0 }, { path: '/iteration_limit', rule: 'posint' }],
    ['iteration_limit fraction', { ...base, iteration_limit: 1.5 }, { path: '/iteration_limit' }],
    [
      'iteration_delay unit',
      { ...base, iteration_delay: '5M' },
      { path: '/iteration_delay', rule: 'duration', value: '5M' },
    ],
    [
      'negative max_run_delay',
      { ...base, max_run_delay: '-5s' },
      { path: '/max_run_delay', message: 'must not be negative' },
    ],
    ['max_tries negative', { ...base, max_tries: -1 }, { path: '/max_tries', rule: 'minimum' }],
    [
      'max_tries string',
      { ...base, max_tries: '2' },
      { path: '/max_tries', message: 'must be an integer >= 0' },
    ],
    ['cw_metrics word', { ...base, cw_metrics: 'maybe' }, { path: '/cw_metrics', rule: 'boolean' }],
    [
      'actions not a list',
      { ...base, on_fail: { action: 'log' } },
      { path: '/on_fail', message: 'must be a list of actions' },
    ],
    [
      'unknown action',
      { ...base, on_fail: [{ action: 'fax' }] },
      { path: '/on_fail/0/action', message: 'on_fail action: fax: unknown action' },
    ],
    [
      'action missing key',
      { ...base, on_success: [{ action: 'log' }] },
      { path: '/on_success/0', rule: 'required' },
    ],
    [
      'strict action extra key',
      { ...base, on_success: [{ action: 'email', to: 'a@b', subject: 's', message: 'm', cc: 'x' }] },
      { path: '/on_success/0/cc', rule: 'unknown-field' },
    ],
    [
      'sqs needs queue (guide example uses topic)',
      { ...base, on_fail: [{ action: 'sqs', topic: 'q', message: 'm' }] },
      { path: '/on_fail/0', rule: 'required' },
    ],
    [
      'dispatch delay over 15m',
      { ...base, on_fail: [{ action: 'dispatch', job_id: 'x', delay: '16m' }] },
      { path: '/on_fail/0/delay', message: 'Bad delay: 960: Must be between 0 and 15 minutes' },
    ],
    [
      'state action reserved id',
      { ...base, on_success: [{ action: 'state', state_id: 'lava-x', value: 1 }] },
      { path: '/on_success/0/state_id', message: 'Bad state_id: Values beginning with "lava" are reserved' },
    ],
    [
      'state action bad type',
      { ...base, on_success: [{ action: 'state', state_id: 's', value: 1, type: 'xml' }] },
      { path: '/on_success/0/type', rule: 'enum' },
    ],
    [
      'event detail not strings',
      { ...base, on_success: [{ action: 'event', detail: { a: 1 } }] },
      { path: '/on_success/0/detail', message: 'must be a string or map of strings' },
    ],
    [
      'sns topic not an ARN',
      { ...base, on_fail: [{ action: 'sns', topic: 'x', message: 'm' }] },
      { path: '/on_fail/0/topic', rule: 'pattern' },
    ],
    [
      'slack style',
      { ...base, on_fail: [{ action: 'slack', slack_conn: 's', message: 'm', style: 'fancy' }] },
      { path: '/on_fail/0/style', rule: 'enum' },
    ],
    [
      'schedule with typo key',
      { ...base, dispatcher: 'utc', schedule: { crontab: '0 1 * * *', 'to:': '2024-01-01' } },
      { path: '/schedule', message: 'Bad schedule entry 1: Unexpected keys: to:' },
    ],
    [
      'schedule bad cron in list',
      { ...base, dispatcher: 'utc', schedule: ['0 2 * * *', 'every day'] },
      { path: '/schedule/1', rule: 'schedule' },
    ],
    [
      'unknown schedule timezone',
      { ...base, dispatcher: 'utc', schedule: '0 1 * * *', timezone: 'Mars/Base' },
      { path: '/timezone', rule: 'timezone' },
    ],
    [
      'negative catchup',
      { ...base, dispatcher: 'utc', schedule: '0 1 * * *', catchup: '-5m' },
      { path: '/catchup', message: 'must not be negative' },
    ],
    [
      'dispatcher without schedule',
      { ...base, dispatcher: 'utc', schedule: '--' },
      { path: '/schedule', message: 'A job with a dispatcher needs a schedule' },
    ],
    [
      'state reserved id',
      { ...base, state: { 'LAVA/x': 1 } },
      { path: '/state/LAVA~1x', rule: 'reserved-name' },
    ],
    [
      'foreach without a generator',
      { ...base, type: 'foreach', payload: 'child', parameters: {} },
      { path: '/parameters/foreach', message: 'foreach job needs parameters.foreach' },
    ],
    [
      'foreach unknown generator',
      { ...base, type: 'foreach', payload: 'child', parameters: { foreach: { type: 'xls' } } },
      { path: '/parameters/foreach/type', rule: 'orchestration' },
    ],
    [
      'foreach generator missing field',
      { ...base, type: 'foreach', payload: 'child', parameters: { foreach: { type: 'csv' } } },
      { path: '/parameters/foreach/filename', message: 'foreach type csv needs filename' },
    ],
    [
      'foreach list payload',
      { ...base, type: 'foreach', payload: ['a'], parameters: { foreach: { type: 'range', stop: 2 } } },
      { path: '/payload', message: 'Bad payload: must be string (the child job id)' },
    ],
    [
      'foreach limit 0',
      {
        ...base,
        type: 'foreach',
        payload: 'c',
        parameters: { foreach: { type: 'range', stop: 2 }, limit: 0 },
      },
      { path: '/parameters/limit' },
    ],
    [
      'dag cycle',
      { ...base, type: 'dag', payload: { a: 'b', b: 'a' } },
      { path: '/payload', message: 'Jobs are in a cycle: a, b' },
    ],
    [
      'dag list payload',
      { ...base, type: 'dag', payload: ['a'] },
      { path: '/payload', message: 'payload must be a map' },
    ],
    [
      'dag unknown parameter',
      { ...base, type: 'dag', payload: { a: null }, parameters: { start: 'a' } },
      { path: '/parameters/start', message: 'Unexpected parameter start for a dag job' },
    ],
    [
      'dag unknown mode',
      { ...base, type: 'dag', payload: { a: null }, parameters: { mode: 'cluster' } },
      { path: '/parameters/mode', message: 'mode must be one of in-process, fleet' },
    ],
    [
      'fleet concurrency below 1',
      { ...base, type: 'dag', payload: { a: null }, parameters: { mode: 'fleet', concurrency: 0 } },
      { path: '/parameters/concurrency', message: 'concurrency must be an integer >= 1' },
    ],
    [
      'unknown fleet failure policy',
      { ...base, type: 'dag', payload: { a: null }, parameters: { mode: 'fleet', failure_policy: 'stop' } },
      { path: '/parameters/failure_policy', message: 'failure_policy must be one of fail-fast, continue' },
    ],
    [
      'not a map',
      [] as unknown as Record<string, unknown>,
      { path: '', rule: 'type', message: 'Bad job record: must be a map, got array' },
    ],
  ])('%s', (_name, raw, expected) => {
    expect(issuesOf(raw)).toEqual([expect.objectContaining(expected)]);
  });

  it('lists EVERY problem at once, with the source file in the record', () => {
    const issues = issuesOf(
      { job_id: 'a', type: 1, globals: { lava_x: 1 }, max_tries: 'x' },
      { source: 'jobs/a.yaml' },
    );
    expect(issues.map((i) => `${i.record} ${i.path} ${i.rule}`)).toEqual([
      'jobs/a.yaml: job a  required',
      'jobs/a.yaml: job a /type type',
      'jobs/a.yaml: job a /max_tries type',
      'jobs/a.yaml: job a /globals/lava_x reserved-global',
    ]);
  });

  it('names the JSON path and never shows values under secret-looking keys', () => {
    const issues = issuesOf({
      ...base,
      parameters: {},
      on_fail: [{ action: 'email', to: 'a', subject: 's', message: 'm', password: 'hunter2' }],
    });
    expect(issues).toEqual([expect.objectContaining({ path: '/on_fail/0/password' })]);
    expect(JSON.stringify(issues)).not.toContain('hunter2');
  });
});

describe('validateJob: valid specs from the reference', () => {
  it.each([
    [
      'schedule forms',
      { dispatcher: 'utc', schedule: [{ crontab: '0 1 * * *', to: '2000-01-01T00:00:00Z' }, '0 2 * * *'] },
    ],
    ['@ forms pass', { dispatcher: 'utc', schedule: '@daily' }],
    [
      'Jinja enabled',
      { enabled: "{% set n = state['counter'].n | int %}{{ n % 2 == 1 }}", state: { counter: { n: 0 } } },
    ],
    ['schedule without dispatcher is tolerated', { schedule: '' }],
    [
      'actions example',
      {
        on_success: [
          {
            action: 'state',
            state_id: 'last-ok/{{ job.job_id }}',
            value: { at: '{{ ustart.isoformat() }}' },
          },
          {
            action: 'dispatch',
            job_id: 'etl/publish',
            parameters: { day: "{{ start.strftime('%Y-%m-%d') }}" },
            delay: '30s',
          },
        ],
        on_retry: [
          { action: 'log', message: 'attempt {{ globals.lava.iteration }} failed: {{ result.error }}' },
        ],
        on_fail: [
          {
            action: 'sns',
            topic: 'arn:aws:sns:ap-southeast-2:111122223333:lava-acme-notices',
            subject: 'FAILED {{ job.job_id }}',
            message: { run: '{{ job.run_id }}', error: '{{ result.error }}' },
          },
        ],
      },
    ],
    [
      'durations and limits',
      {
        iteration_limit: 10,
        iteration_delay: '5m',
        max_run_delay: '1h',
        max_tries: 2,
        cw_metrics: true,
        event_log: { a: '{{ x }}' },
      },
    ],
  ])('%s', (_name, extra) => {
    expect(() => validateJob({ ...base, ...extra })).not.toThrow();
  });
});
