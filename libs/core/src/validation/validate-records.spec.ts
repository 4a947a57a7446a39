import { ValidationError, type ValidationIssue } from '../errors';
import { validateConnection } from './validate-connection';
import { validateEventRecord } from './validate-event-record';
import { validateRealm } from './validate-realm';
import { validateS3Trigger } from './validate-s3trigger';
import { isStateExpired, validateStateRecord } from './validate-state';

function issuesOf(fn: () => unknown): ValidationIssue[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('validateRealm', () => {
  const realm = { realm: 'acme', s3_payloads: 's3://acme-lava/payloads', s3_temp: 's3://acme-lava/tmp' };

  it('accepts the reference example, tolerating unknown and x- fields', () => {
    const { value, warnings } = validateRealm({
      ...realm,
      s3_key: 'alias/lava-acme-user',
      config: { event_ttl: '5d', cw_metrics_job: 'true' },
      on_fail: [
        {
          action: 'sns',
          topic: 'arn:aws:sns:ap-southeast-2:1:lava-acme-notices',
          message: '{{ job.job_id }} failed',
        },
      ],
      'x-workers': { _: { threads: 4 }, core: { daemons: 2 } },
      docker: 'registry',
    });
    expect(warnings).toEqual([]);
    expect(value.docker).toBe('registry');
    expect(value).not.toHaveProperty('x-workers');
  });

  it('defaults config to {}', () => {
    expect(validateRealm(realm).value.config).toEqual({});
  });

  it.each<[string, Record<string, unknown>, Partial<ValidationIssue>]>([
    ['missing keys', { realm: 'acme' }, { rule: 'required', message: 'Missing keys: s3_payloads, s3_temp' }],
    ['bad realm name', { ...realm, realm: 'Acme-1' }, { path: '/realm', rule: 'pattern' }],
    ['bad S3 location', { ...realm, s3_temp: 's3://' }, { path: '/s3_temp', rule: 's3-location' }],
    ['bad default action', { ...realm, on_retry: [{ action: 'nope' }] }, { path: '/on_retry/0/action' }],
    ['config not a map', { ...realm, config: [] }, { path: '/config', message: 'must be a map' }],
  ])('%s', (_n, raw, expected) => {
    expect(issuesOf(() => validateRealm(raw))).toEqual([expect.objectContaining(expected)]);
  });
});

describe('validateConnection', () => {
  it('defaults enabled to false with a warning and lower-cases the type', () => {
    const { value, warnings } = validateConnection({
      conn_id: 'dw',
      type: 'Postgres',
      host: 'db',
      password: '/lava/acme/dw',
    });
    expect(value).toMatchObject({ conn_id: 'dw', type: 'postgres', enabled: false, host: 'db' });
    expect(warnings).toEqual([expect.objectContaining({ path: '/enabled', rule: 'recommended' })]);
  });

  it.each([
    ['yes', true],
    ['false', false],
    [true, true],
  ])('parses enabled %j strictly', (enabled, expected) => {
    expect(validateConnection({ conn_id: 'c', type: 'slack', enabled }).value.enabled).toBe(expected);
  });

  it('never shows connector-specific or secret values in errors', () => {
    const issues = issuesOf(() =>
      validateConnection({ conn_id: 'dw', type: 'postgres', enabled: 'maybe', password: 12345 }),
    );
    expect(issues.map((i) => i.path)).toEqual(['/enabled', '/password']);
    expect(issues[0]!.value).toBe('maybe');
    expect(issues[1]).not.toHaveProperty('value');
    expect(JSON.stringify(issues)).not.toContain('12345');
  });

  it('requires conn_id and type', () => {
    expect(issuesOf(() => validateConnection({ enabled: true }))).toEqual([
      expect.objectContaining({ record: 'connection (no conn_id)', message: 'Missing keys: conn_id, type' }),
    ]);
  });
});

describe('validateS3Trigger', () => {
  const trigger = {
    trigger_id: 'sales-drop',
    bucket: 'acme-landing',
    prefix: 'sales/daily',
    enabled: true,
    job_id: 'etl/sales-load',
    if_fnmatch: '*.csv.gz',
    if_size_gt: '1KiB',
    globals: { src: 's3://{{ bucket }}/{{ key }}' },
    parameters: { vars: { day: '{{ utils.path.basename(utils.path.dirname(key)) }}' } },
  };

  it('accepts a documented trigger and applies defaults', () => {
    const { value } = validateS3Trigger({ ...trigger, 'x-note': 1 });
    expect(value).toMatchObject({ jinja: true, delay: 0, enabled: true });
    expect(value).not.toHaveProperty('x-note');
  });

  it('parses enabled and jinja strictly ("false" is false)', () => {
    const { value } = validateS3Trigger({ ...trigger, enabled: 'false', jinja: 'no' });
    expect([value.enabled, value.jinja]).toEqual([false, false]);
  });

  it.each<[string, Record<string, unknown>, Partial<ValidationIssue>]>([
    [
      'unknown key is an error',
      { ...trigger, if_colour: 'red' },
      { path: '/if_colour', rule: 'unknown-field' },
    ],
    ['prefix ending in /', { ...trigger, prefix: 'sales/' }, { path: '/prefix', rule: 'pattern' }],
    ['bad bucket', { ...trigger, bucket: 'Acme' }, { path: '/bucket', rule: 'pattern' }],
    [
      'delay over 15 minutes',
      { ...trigger, delay: '20m' },
      { path: '/delay', message: 'Bad delay: 1200: Must be between 0 and 15 minutes' },
    ],
    [
      'job_id list of non-strings',
      { ...trigger, job_id: [1] },
      { path: '/job_id', message: 'must be a string or a list of strings' },
    ],
    ['bad size', { ...trigger, if_size_gt: '1kb' }, { path: '/if_size_gt', rule: 'size' }],
    [
      'reserved global',
      { ...trigger, globals: { lava: 1 } },
      { path: '/globals/lava', rule: 'reserved-global' },
    ],
    [
      'enabled missing',
      { ...trigger, enabled: undefined },
      { rule: 'required', message: 'Missing keys: enabled' },
    ],
  ])('%s', (_n, raw, expected) => {
    const clean = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
    expect(issuesOf(() => validateS3Trigger(clean))).toEqual([expect.objectContaining(expected)]);
  });
});

describe('validateStateRecord', () => {
  const item = {
    state_id: 'feed/last',
    type: 'json',
    value: '{"rows": "0", "n": 3}',
    timestamp: '2024-05-01T13:00:41+10:00',
    ttl: 1746154841,
    publisher: 'etl/sales-load',
  };

  it('accepts a documented item', () => {
    expect(validateStateRecord(item).value).toEqual(item);
  });

  it.each<[string, Record<string, unknown>, Partial<ValidationIssue>]>([
    [
      'extra attribute (x- not ignored)',
      { ...item, 'x-a': 1 },
      { path: '/x-a', message: 'Unexpected keys: x-a' },
    ],
    ['missing timestamp', { ...item, timestamp: undefined }, { message: 'Missing keys: timestamp' }],
    ['unknown type', { ...item, type: 'xml' }, { path: '/type', rule: 'enum' }],
    ['reserved id', { ...item, state_id: 'Lava/lease' }, { path: '/state_id', rule: 'reserved-name' }],
    ['bad timestamp', { ...item, timestamp: 'soon' }, { path: '/timestamp', rule: 'timestamp' }],
  ])('%s', (_n, raw, expected) => {
    const clean = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
    expect(issuesOf(() => validateStateRecord(clean))).toEqual([expect.objectContaining(expected)]);
  });

  it('never shows a state value', () => {
    const issues = issuesOf(() => validateStateRecord({ ...item, value: undefined, ttl: 'x', publisher: 5 }));
    expect(issues.find((i) => i.path === '/ttl')).toMatchObject({ value: 'x' });
    expect(validateStateRecord({ ...item, type: 'secure', value: 'c2VjcmV0' }).value.type).toBe('secure');
  });

  it('treats ttl in the past as expired', () => {
    expect(isStateExpired({ ttl: 100 }, new Date(100_000))).toBe(true);
    expect(isStateExpired({ ttl: 101 }, new Date(100_000))).toBe(false);
  });
});

describe('validateEventRecord', () => {
  const record = {
    job_id: 'etl/sales-load',
    run_id: '5f0e3c5e-1d2b-4a8e-9f3c-2b7f1c0d9e44',
    status: 'complete',
    ts_dispatch: '2024-05-01T03:00:07+00:00',
    ts_event: '2024-05-01T13:00:41+10:00',
    tu_event: '2024-05-01T03:00:41',
    ttl: 1714705241,
    worker: 'core',
    hostname: 'ip-10-0-1-23',
    worker_id: null,
    log: [
      {
        status: 'starting',
        ts_event: '2024-05-01T13:00:09+10:00',
        tu_event: '2024-05-01T03:00:09',
        info: null,
      },
      {
        status: 'running',
        ts_event: '2024-05-01T13:00:09+10:00',
        tu_event: '2024-05-01T03:00:09',
        info: 'Iteration 1',
      },
      {
        status: 'complete',
        ts_event: '2024-05-01T13:00:41+10:00',
        tu_event: '2024-05-01T03:00:41',
        info: { exit_status: 0 },
      },
    ],
  };

  it('accepts a documented item', () => {
    expect(validateEventRecord(record).warnings).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, Partial<ValidationIssue>]>([
    ['unknown status', { ...record, status: 'done' }, { path: '/status', rule: 'enum' }],
    [
      'tu_event with offset',
      { ...record, tu_event: '2024-05-01T03:00:41Z' },
      { path: '/tu_event', rule: 'pattern' },
    ],
    [
      'log entry with extra key',
      { ...record, log: [{ ...record.log[0], extra: 1 }] },
      { path: '/log/0/extra' },
    ],
  ])('%s', (_n, raw, expected) => {
    expect(issuesOf(() => validateEventRecord(raw))).toEqual([expect.objectContaining(expected)]);
  });
});
