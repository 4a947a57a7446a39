import {
  buildLavaEvent,
  parseLavaEvent,
  type EventDetailInput,
  type Json,
  type RunEventDetailType,
  type RunStatus,
} from '@lava/core';
import { decideAuditEntry, type AuditEntry } from './audit-entry';
import { appendFields, foldStatus, mergeIntoItem, pendingEntries } from './run-item';

const run = {
  realm: 'acme',
  job_id: 'etl/load',
  run_id: 'r-1',
  worker: 'core',
  hostname: 'h1',
  ts_dispatch: '2024-05-01T00:00:00+00:00',
};
const types: Partial<Record<RunStatus, RunEventDetailType>> = {
  starting: 'Job Run Started',
  running: 'Job Run Started',
  retrying: 'Job Run Retrying',
  complete: 'Job Run Succeeded',
  failed: 'Job Run Failed',
};

function runEntry(id: string, status: RunStatus, second: number, info: Json = null): AuditEntry {
  const entry = buildLavaEvent(
    types[status]!,
    { ...run, status, ts_event: `2024-05-01T00:00:${String(second).padStart(2, '0')}.000Z`, info },
    { source: 'lava.worker' },
  );
  const decision = decideAuditEntry(
    parseLavaEvent({ source: entry.Source, 'detail-type': entry.DetailType, detail: entry.Detail, id }),
    id,
  );
  if (decision.kind !== 'record') throw new Error('expected a record');
  return decision.entry;
}

function dispatched(id: string): AuditEntry {
  const entry = buildLavaEvent(
    'Job Dispatched',
    {
      realm: 'acme',
      job_id: 'etl/load',
      run_id: 'r-1',
      worker: 'core',
      status: 'dispatched',
      ts_dispatch: '2024-05-01T00:00:00+00:00',
      queue: 'lava-acme-core',
    },
    { source: 'lava.dispatcher' },
  );
  const d = decideAuditEntry(
    parseLavaEvent({
      source: entry.Source,
      'detail-type': entry.DetailType,
      detail: JSON.parse(entry.Detail) as unknown,
      id,
    }),
    id,
  );
  if (d.kind !== 'record') throw new Error('expected a record');
  return d.entry;
}

describe('audit entries and item merging', () => {
  const events = [
    dispatched('e0'),
    runEntry('e1', 'starting', 1),
    runEntry('e2', 'running', 2, 'Iteration 1'),
    runEntry('e3', 'complete', 3, { exit_status: 0 }),
  ];

  it('maps run events to entries with naive UTC time, JSON-safe info and top-level attributes', () => {
    expect(events[0]).toMatchObject({
      status: 'dispatched',
      runStatus: true,
      tu_event: '2024-05-01T00:00:00',
      attributes: { worker: 'core', ts_dispatch: run.ts_dispatch },
      info: { queue: 'lava-acme-core' },
    });
    expect(events[3]).toMatchObject({
      status: 'complete',
      tu_event: '2024-05-01T00:00:03',
      info: { exit_status: 0 },
      attributes: { worker: 'core', hostname: 'h1' },
    });
  });

  it('records operator actions in the run they name, or in the dispatcher operator item', () => {
    const decide = (detail: EventDetailInput<'Operator Action'>) => {
      const e = buildLavaEvent('Operator Action', detail, { source: 'lava.api' });
      return decideAuditEntry(
        parseLavaEvent({ source: e.Source, 'detail-type': e.DetailType, detail: e.Detail }),
        'x',
      );
    };
    const base = {
      realm: 'acme',
      principal: 'alice',
      role: 'operator' as const,
      outcome: 'accepted' as const,
      ts_event: '2024-05-01T00:00:02Z',
    };
    expect(decide({ ...base, action: 'dispatch', job_id: 'etl/load', run_id: 'r-1' })).toMatchObject({
      kind: 'record',
      entry: {
        job_id: 'etl/load',
        run_id: 'r-1',
        status: 'operator_action',
        runStatus: false,
        info: { action: 'dispatch', principal: 'alice', role: 'operator' },
      },
    });
    expect(decide({ ...base, action: 'pause', dispatcher: 'main' })).toMatchObject({
      kind: 'record',
      entry: { job_id: 'lava.operator', run_id: 'dispatcher/main', info: { action: 'pause' } },
    });
  });

  it('records secret access in the run log without a run status, and logs events naming no run', () => {
    const access = buildLavaEvent(
      'Secret Accessed',
      { realm: 'acme', job_id: 'etl/load', run_id: 'r-1', conn_id: 'dw', ts_event: '2024-05-01T00:00:02Z' },
      { source: 'lava.secrets-broker' },
    );
    const d = decideAuditEntry(
      parseLavaEvent({ source: access.Source, 'detail-type': access.DetailType, detail: access.Detail }),
      'x',
    );
    expect(d).toMatchObject({
      kind: 'record',
      entry: { status: 'secret_accessed', runStatus: false, info: { conn_id: 'dw' } },
    });
    const missed = buildLavaEvent(
      'Schedule Missed',
      {
        realm: 'acme',
        job_id: 'j',
        scheduled_time: '2024-05-01T00:00:00Z',
        reason: 'down',
        ts_event: '2024-05-01T00:01:00Z',
      },
      { source: 'lava.scheduler' },
    );
    expect(
      decideAuditEntry(
        parseLavaEvent({ source: missed.Source, 'detail-type': missed.DetailType, detail: missed.Detail }),
        'y',
      ),
    ).toMatchObject({ kind: 'log', level: 'warn' });
    const rejected = buildLavaEvent(
      'Dispatch Rejected',
      {
        realm: 'acme',
        job_id: '',
        status: 'rejected',
        reason: 'Malformed JSON',
        ts_event: '2024-05-01T00:01:00Z',
      },
      { source: 'lava.dispatcher' },
    );
    expect(
      decideAuditEntry(
        parseLavaEvent({
          source: rejected.Source,
          'detail-type': rejected.DetailType,
          detail: rejected.Detail,
        }),
        'z',
      ),
    ).toMatchObject({ kind: 'log' });
  });

  it('folds statuses by rank: a late running never replaces complete', () => {
    expect(foldStatus(undefined, ['starting', 'running', 'complete'])).toBe('complete');
    expect(foldStatus('complete', ['running'])).toBe('complete');
    expect(
      foldStatus(undefined, ['starting', 'running', 'retrying', 'running', 'complete', 'action_failed']),
    ).toBe('action_failed');
    expect(foldStatus('failed', ['secret_accessed'])).toBe('failed');
  });

  it('appends in-order entries with the latest status, time and ttl', () => {
    expect(appendFields(pendingEntries(events), 172800)).toEqual({
      status: 'complete',
      ts_event: '2024-05-01T00:00:03+00:00',
      tu_event: '2024-05-01T00:00:03',
      ttl: Math.floor(Date.parse('2024-05-01T00:00:03Z') / 1000) + 172800,
      ms_event: Date.parse('2024-05-01T00:00:03Z'),
      attributes: { worker: 'core', hostname: 'h1', ts_dispatch: run.ts_dispatch, worker_id: null },
    });
    expect(appendFields(pendingEntries(events), 0).ttl).toBeUndefined();
  });

  it('builds the same item whatever order and however often events arrive', () => {
    const inOrder = mergeIntoItem({}, pendingEntries(events), 0);
    let item = {} as Parameters<typeof mergeIntoItem>[0];
    const applied = new Set<string>();
    for (const batch of [[events[3]!], [events[1]!, events[3]!], [events[0]!], [events[2]!, events[1]!]]) {
      const fresh = pendingEntries(batch, applied);
      const merged = mergeIntoItem(item, fresh, 0);
      fresh.forEach((e) => applied.add(e.event_id));
      item = { log: merged.log, status: merged.fields.status, ms_event: merged.fields.ms_event };
    }
    expect(item.log).toEqual(inOrder.log);
    expect(item.log!.map((l) => l.status)).toEqual(['dispatched', 'starting', 'running', 'complete']);
    expect(item.status).toBe('complete');
  });
});
