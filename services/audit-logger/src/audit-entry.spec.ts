import {
  buildLavaEvent,
  DETAIL_TYPES,
  parseLavaEvent,
  type DetailType,
  type EventDetailInput,
  type ParsedLavaEvent,
} from '@lava/core';
import { decideAuditEntry, type AuditDecision } from './audit-entry';

const ts = '2024-05-01T00:00:02Z';
const run = { realm: 'acme', job_id: 'etl/load', run_id: 'r-1' };

/** One valid detail and its publisher for every event type: the table below must cover them all. */
const samples: { [T in DetailType]: [source: string, detail: EventDetailInput<T>] } = {
  'Dispatch Requested': ['lava.cli', { job_id: 'etl/load', requested_by: 'cli', idempotency_key: 'k' }],
  'Job Dispatched': [
    'lava.dispatcher',
    { ...run, worker: 'core', status: 'dispatched', ts_dispatch: ts, queue: 'q', legacy_worker: true },
  ],
  'Dispatch Rejected': [
    'lava.dispatcher',
    { ...run, status: 'rejected', reason: 'No such job', code: 'NO_JOB', ts_event: ts },
  ],
  'Job Run Started': [
    'lava.worker',
    { ...run, worker: 'core', status: 'starting', ts_event: ts, hostname: 'h1', instance_id: 'i-1' },
  ],
  'Job Run Succeeded': ['lava.worker', { ...run, worker: 'core', status: 'complete', ts_event: ts }],
  'Job Run Failed': ['lava.worker', { ...run, worker: 'core', status: 'failed', ts_event: ts, info: 'boom' }],
  'Job Run Retrying': ['lava.worker', { ...run, worker: 'core', status: 'retrying', ts_event: ts }],
  'Job Run Skipped': ['lava.worker', { ...run, worker: 'core', status: 'skipped', ts_event: ts }],
  'Job Run Rejected': ['lava.worker', { ...run, worker: 'core', status: 'rejected', ts_event: ts }],
  'Job Run Action Failed': ['lava.worker', { ...run, worker: 'core', status: 'action_failed', ts_event: ts }],
  'Secret Accessed': [
    'lava.secrets-broker',
    { ...run, conn_id: 'dw', connection_type: 'psql', ts_event: ts },
  ],
  'Secret Denied': [
    'lava.secrets-broker',
    { realm: 'acme', conn_id: 'dw', reason: 'no grant', ts_event: ts },
  ],
  'Schedule Missed': [
    'lava.scheduler',
    { realm: 'acme', job_id: 'etl/load', scheduled_time: ts, reason: 'no lease', ts_event: ts },
  ],
  'Operator Action': [
    'lava.api',
    { realm: 'acme', action: 'pause', principal: 'alice', role: 'admin', outcome: 'accepted', ts_event: ts },
  ],
};

function received<T extends DetailType>(type: T, detail?: EventDetailInput<T>): ParsedLavaEvent {
  const [source, sample] = samples[type];
  const entry = buildLavaEvent(type, detail ?? sample, { source });
  return parseLavaEvent({ source: entry.Source, 'detail-type': entry.DetailType, detail: entry.Detail });
}

/** The decision reduced to what distinguishes it: where it goes and as what. */
function outline(decision: AuditDecision): string {
  if (decision.kind === 'log') return `log ${decision.level}: ${decision.msg}`;
  const e = decision.entry;
  return `record ${e.job_id} ${e.run_id} ${e.status}${e.runStatus ? ' (run status)' : ''}`;
}

describe('decideAuditEntry', () => {
  it.each<[DetailType, string]>([
    ['Dispatch Requested', 'log debug: dispatch requested'],
    ['Job Dispatched', 'record etl/load r-1 dispatched (run status)'],
    ['Dispatch Rejected', 'record etl/load r-1 rejected (run status)'],
    ['Job Run Started', 'record etl/load r-1 starting (run status)'],
    ['Job Run Succeeded', 'record etl/load r-1 complete (run status)'],
    ['Job Run Failed', 'record etl/load r-1 failed (run status)'],
    ['Job Run Retrying', 'record etl/load r-1 retrying (run status)'],
    ['Job Run Skipped', 'record etl/load r-1 skipped (run status)'],
    ['Job Run Rejected', 'record etl/load r-1 rejected (run status)'],
    ['Job Run Action Failed', 'record etl/load r-1 action_failed (run status)'],
    ['Secret Accessed', 'record etl/load r-1 secret_accessed'],
    ['Secret Denied', 'log warn: secret denied'],
    ['Schedule Missed', 'log warn: schedule missed'],
    ['Operator Action', 'record lava.operator dispatcher/- operator_action'],
  ])('%s: %s', (type, expected) => {
    expect(outline(decideAuditEntry(received(type), 'e1'))).toBe(expected);
  });

  it('has a row above for every event type', () => {
    expect(Object.keys(samples).sort()).toEqual(Object.values(DETAIL_TYPES).sort());
  });

  it('keeps the dispatch fields and sets the worker attributes of a dispatched entry', () => {
    const decision = decideAuditEntry(received('Job Dispatched'), 'e1');
    expect(decision).toMatchObject({
      kind: 'record',
      entry: {
        event_id: 'e1',
        ts_event: '2024-05-01T00:00:02+00:00',
        tu_event: '2024-05-01T00:00:02',
        info: { queue: 'q', legacy_worker: true },
        attributes: { worker: 'core', ts_dispatch: '2024-05-01T00:00:02+00:00' },
      },
    });
  });

  it('sets the worker attributes of a run event, worker_id from the instance id', () => {
    const decision = decideAuditEntry(received('Job Run Started'), 'e1');
    expect(decision.kind === 'record' && decision.entry.attributes).toEqual({
      worker: 'core',
      hostname: 'h1',
      instance_id: 'i-1',
      worker_id: 'i-1',
    });
    const off = decideAuditEntry(received('Job Run Failed'), 'e2');
    expect(off.kind === 'record' && off.entry.attributes).toEqual({ worker: 'core', worker_id: null });
    expect(off.kind === 'record' && off.entry.info).toBe('boom');
  });

  it('logs a rejection that named no run, and records a denial that named one', () => {
    const [, rejected] = samples['Dispatch Rejected'];
    const noRun = decideAuditEntry(received('Dispatch Rejected', { ...rejected, run_id: undefined }), 'e1');
    expect(noRun).toEqual({
      kind: 'log',
      level: 'info',
      msg: 'dispatch rejected before a run existed',
      fields: { job_id: 'etl/load', reason: 'No such job', code: 'NO_JOB' },
    });
    const [, denied] = samples['Secret Denied'];
    const named = decideAuditEntry(received('Secret Denied', { ...denied, ...run, worker: 'core' }), 'e2');
    expect(named).toMatchObject({
      kind: 'record',
      entry: {
        status: 'secret_denied',
        runStatus: false,
        info: { conn_id: 'dw', reason: 'no grant', worker: 'core' },
      },
    });
  });

  it('refuses an event type it has no case for', () => {
    const stray = {
      ...received('Schedule Missed'),
      detailType: 'Job Run Finished',
    } as unknown as ParsedLavaEvent;
    expect(() => decideAuditEntry(stray, 'e1')).toThrow('No audit decision for Job Run Finished');
  });
});
