import { EventContractError } from '../errors';
import { AUDITED_DETAIL_TYPES, DETAIL_TYPES, EVENT_CONTRACTS, runEventDetailType } from './contracts';
import { buildLavaEvent, parseLavaEvent, type LavaEventEntry } from './lava-event';

/** `buildLavaEvent` as an untyped producer reaches it: the runtime checks are what is tested. */
const buildUntyped = buildLavaEvent as (
  type: string,
  detail: Record<string, unknown>,
  opts: { source: string },
) => LavaEventEntry;

const run = {
  realm: 'acme',
  job_id: 'etl/load',
  run_id: '5f0e3c5e-1d2b-4a8e-9f3c-2b7f1c0d9e44',
  worker: 'core',
  hostname: 'ip-10-0-1-23',
  ts_event: '2024-05-01T13:00:09+10:00',
};

describe('event contracts', () => {
  it('covers every cross-service message with a source and a version', () => {
    expect(Object.keys(EVENT_CONTRACTS).sort()).toEqual(Object.values(DETAIL_TYPES).sort());
    for (const c of Object.values(EVENT_CONTRACTS)) {
      expect(c.version).toBe(1);
      expect(c.sources.every((s) => s.startsWith('lava.'))).toBe(true);
    }
  });

  it.each([
    ['starting', 'Job Run Started'],
    ['running', 'Job Run Started'],
    ['logging', 'Job Run Started'],
    ['complete', 'Job Run Succeeded'],
    ['failed', 'Job Run Failed'],
    ['retrying', 'Job Run Retrying'],
    ['skipped', 'Job Run Skipped'],
    ['rejected', 'Job Run Rejected'],
    ['action_failed', 'Job Run Action Failed'],
  ] as const)('status %s travels as %s', (status, type) => {
    expect(runEventDetailType(status)).toBe(type);
  });

  it('audits run events and dispatch outcomes only', () => {
    expect(AUDITED_DETAIL_TYPES).toContain('Job Dispatched');
    expect(AUDITED_DETAIL_TYPES).not.toContain('Secret Accessed');
  });
});

describe('buildLavaEvent / parseLavaEvent', () => {
  const valid: [string, string, Record<string, unknown>][] = [
    [
      'Dispatch Requested',
      'lava.cli',
      { job_id: 'etl/load', parameters: { day: '1' }, delay: '30s', idempotency_key: 'k' },
    ],
    [
      'Job Dispatched',
      'lava.dispatcher',
      {
        realm: 'acme',
        job_id: 'j',
        run_id: run.run_id,
        worker: 'core',
        status: 'dispatched',
        ts_dispatch: '2024-05-01T03:00:07+00:00',
        delay_seconds: 0,
        conn_ids: ['dw'],
      },
    ],
    [
      'Dispatch Rejected',
      'lava.dispatcher',
      {
        realm: 'acme',
        job_id: 'j',
        status: 'rejected',
        reason: 'No such job',
        ts_event: '2024-05-01T03:00:07+00:00',
      },
    ],
    ['Job Run Started', 'lava.worker', { ...run, status: 'starting', info: null }],
    ['Job Run Succeeded', 'lava.worker', { ...run, status: 'complete', info: { exit_status: 0 } }],
    ['Job Run Failed', 'lava.worker', { ...run, status: 'failed', info: 'nosuchtype: Unknown job type' }],
    [
      'Job Run Retrying',
      'lava.worker',
      { ...run, status: 'retrying', iteration: 1, info: { error: 'x', error_data: null } },
    ],
    ['Job Run Skipped', 'lava.worker', { ...run, status: 'skipped', info: 'Job not enabled (static)' }],
    [
      'Job Run Rejected',
      'lava.worker',
      { ...run, status: 'rejected', info: 'dispatch is more than 10m old' },
    ],
    [
      'Job Run Action Failed',
      'lava.worker',
      { ...run, status: 'action_failed', info: 'on_fail action: sns: x' },
    ],
    [
      'Secret Accessed',
      'lava.secrets-broker',
      {
        realm: 'acme',
        job_id: 'j',
        run_id: run.run_id,
        conn_id: 'dw',
        worker: 'core',
        ts_event: run.ts_event,
      },
    ],
    [
      'Secret Denied',
      'lava.secrets-broker',
      { realm: 'acme', conn_id: 'dw', reason: 'grant expired', ts_event: run.ts_event },
    ],
    [
      'Schedule Missed',
      'lava.scheduler',
      {
        realm: 'acme',
        job_id: 'j',
        scheduled_time: '2024-05-01T02:00:00Z',
        reason: 'no lease',
        ts_event: run.ts_event,
      },
    ],
  ];

  it.each(valid)('%s round-trips through an EventBridge envelope', (type, source, detail) => {
    const entry = buildUntyped(type, detail, { source });
    expect(entry).toMatchObject({ Source: source, DetailType: type });
    const envelope = {
      version: '0',
      id: 'e1',
      'detail-type': entry.DetailType,
      source: entry.Source,
      time: '2024-05-01T00:00:00Z',
      detail: JSON.parse(entry.Detail),
    };
    const parsed = parseLavaEvent(JSON.stringify(envelope));
    expect(parsed.detail).toEqual({ schema_version: 1, ...detail });
    expect([parsed.id, parsed.time]).toEqual(['e1', '2024-05-01T00:00:00Z']);
    expect(parseLavaEvent(entry).detail).toEqual(parsed.detail);
  });

  it.each<[string, string, Record<string, unknown>, string]>([
    [
      'Job Run Started',
      'lava.worker',
      { ...run, status: 'complete' },
      '/status must be equal to one of the allowed values',
    ],
    [
      'Job Run Started',
      'lava.worker',
      { ...run, status: 'starting', password: 'x' },
      'must NOT have additional properties (password)',
    ],
    ['Job Run Started', 'lava.worker', { ...run, status: 'starting', ts_event: 'later' }, '/ts_event'],
    [
      'Job Run Started',
      'lava.dispatcher',
      { ...run, status: 'starting' },
      'source lava.dispatcher may not publish it',
    ],
    [
      'Secret Accessed',
      'lava.worker',
      { realm: 'a', job_id: 'j', run_id: 'r', conn_id: 'c', ts_event: run.ts_event },
      'may not publish',
    ],
    [
      'Secret Accessed',
      'lava.secrets-broker',
      { realm: 'a', job_id: 'j', run_id: 'r', conn_id: 'c', ts_event: run.ts_event, value: 's3cret' },
      '(value)',
    ],
    ['Dispatch Requested', 'lava.cli', { job_id: 'j', delay: '20m' }, 'Bad delay: 1200'],
    ['Dispatch Requested', 'lava.cli', { parameters: {} }, "must have required property 'job_id'"],
    ['Job Run Finished', 'lava.worker', {}, 'Unknown event detail-type: Job Run Finished'],
    [
      'Job Run Started',
      'lava.worker',
      { ...run, status: 'starting', schema_version: 2 },
      'schema_version 2 is newer than supported 1',
    ],
  ])('%s from %s refuses %j', (type, source, detail, message) => {
    expect(() => buildUntyped(type, detail, { source })).toThrow(EventContractError);
    expect(() => buildUntyped(type, detail, { source })).toThrow(message);
  });

  it('redacts secret-looking keys inside info', () => {
    const entry = buildLavaEvent(
      'Job Run Failed',
      { ...run, status: 'failed', info: { error: 'x', error_data: { password: 'hunter2', rows: 1 } } },
      { source: 'lava.worker' },
    );
    expect(entry.Detail).not.toContain('hunter2');
    expect(JSON.parse(entry.Detail).info.error_data).toEqual({ password: '***', rows: 1 });
  });

  it('refuses details over the EventBridge size limit', () => {
    const info = 'x'.repeat(300 * 1024);
    expect(() =>
      buildLavaEvent('Job Run Succeeded', { ...run, status: 'complete', info }, { source: 'lava.worker' }),
    ).toThrow(/larger than/);
  });

  it('accepts an external Dispatch Requested in the original helper JSON (no schema_version)', () => {
    const parsed = parseLavaEvent({
      source: 'acme.billing',
      'detail-type': 'Dispatch Requested',
      detail: { job_id: 'etl/load', parameters: { day: '2024-05-01' } },
    });
    expect(parsed.detail).toEqual({
      schema_version: 1,
      job_id: 'etl/load',
      parameters: { day: '2024-05-01' },
    });
  });

  it.each<[unknown, string]>([
    [{ source: 'aws.s3', 'detail-type': 'Dispatch Requested', detail: { job_id: 'j' } }, 'may not publish'],
    [
      { source: 'lava.worker', 'detail-type': 'Job Run Started', detail: { ...run, status: 'starting' } },
      "must have required property 'schema_version'",
    ],
    [{ 'detail-type': 'Job Run Started', detail: {} }, 'Event has no source or detail-type'],
    ['not json', 'Malformed event JSON'],
    [[1], 'Event must be a map, got array'],
    [{ source: 'lava.worker', 'detail-type': 'Job Run Started', detail: 'nope' }, 'Malformed detail JSON'],
  ])('parseLavaEvent refuses %j', (envelope, message) => {
    expect(() => parseLavaEvent(envelope)).toThrow(message);
  });
});
