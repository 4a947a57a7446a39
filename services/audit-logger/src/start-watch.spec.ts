import { Logger } from '@lava/logging';
import type { AuditEntry } from './audit-entry';
import {
  decideStartCheck,
  delayUntil,
  needsStartCheck,
  parseStartCheck,
  StartWatch,
  type StartCheck,
} from './start-watch';

const check: StartCheck = {
  lava_start_check: 1,
  job_id: 'etl/load',
  run_id: 'r-1',
  due_ms: 10_000,
  ts_dispatch: '2024-05-01T00:00:00+00:00',
};

describe('decideStartCheck', () => {
  it.each([
    ['dispatched', 10_000, 'lost'],
    ['dispatched', 20_000, 'lost'],
    ['dispatched', 9_000, 'rearm'],
    ['starting', 20_000, 'started'],
    ['complete', 20_000, 'started'],
    [undefined, 20_000, 'started'],
  ])('status %s at %i ms: %s', (status, now, kind) => {
    expect(decideStartCheck(status, 10_000, now).kind).toBe(kind);
  });

  it('re-arms for the remaining time, at most SQS’s 15 minutes', () => {
    expect(decideStartCheck('dispatched', 10_000, 7_500)).toEqual({ kind: 'rearm', delaySeconds: 3 });
    expect(delayUntil(3_600_000, 0)).toBe(900);
    expect(delayUntil(0, 5_000)).toBe(1);
  });
});

describe('parseStartCheck', () => {
  it('reads a start check and nothing else', () => {
    expect(parseStartCheck(JSON.stringify(check))).toEqual(check);
    expect(parseStartCheck('{"version":"0","detail-type":"Job Dispatched"}')).toBeUndefined();
    expect(parseStartCheck('{"lava_start_check":1,"job_id":"x"}')).toBeUndefined();
    expect(parseStartCheck('{"lava_start_check": broken')).toBeUndefined();
  });
});

describe('needsStartCheck', () => {
  const entry = (status: string, info: unknown) => ({ status, info }) as AuditEntry;
  it('is true only for dispatches to legacy fleets', () => {
    expect(needsStartCheck(entry('dispatched', { legacy_worker: true }))).toBe(true);
    expect(needsStartCheck(entry('dispatched', { queue: 'q' }))).toBe(false);
    expect(needsStartCheck(entry('starting', { legacy_worker: true }))).toBe(false);
    expect(needsStartCheck(entry('dispatched', null))).toBe(false);
  });
});

describe('StartWatch', () => {
  function watch(status: string | undefined, now: number) {
    const sent: Array<[string, number]> = [];
    const written: AuditEntry[] = [];
    const logged: string[] = [];
    const logger = new Logger({ service: 'test' }, { level: 'error' });
    jest.spyOn(logger, 'warn').mockImplementation((msg) => void logged.push(msg));
    const w = new StartWatch(
      {
        send: (body, delay) => Promise.resolve(void sent.push([body, delay])),
        status: () => Promise.resolve(status),
        writer: { add: (e) => Promise.resolve((written.push(e), 'appended' as const)) },
        logger,
        now: () => new Date(now),
      },
      3600,
    );
    return { w, sent, written, logged };
  }

  it('arms a check due one bound after the dispatch time', async () => {
    const { w, sent } = watch('dispatched', 1_000);
    await w.arm({ job_id: 'j', run_id: 'r', ms: 0, ts_event: 'T' } as AuditEntry);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]![0])).toMatchObject({ job_id: 'j', run_id: 'r', due_ms: 3_600_000 });
    expect(sent[0]![1]).toBe(900);
  });

  it('records lost and warns when the run never started', async () => {
    const { w, written, logged, sent } = watch('dispatched', 11_000);
    await expect(w.settle(check)).resolves.toEqual({ kind: 'lost' });
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ status: 'lost', runStatus: true, event_id: 'start-check:r-1' });
    expect(logged).toEqual(['run never started']);
    expect(sent).toEqual([]);
  });

  it('does nothing for a started run, and re-arms an early check', async () => {
    const started = watch('running', 11_000);
    await started.w.settle(check);
    expect([started.written, started.sent]).toEqual([[], []]);
    const early = watch('dispatched', 4_000);
    await early.w.settle(check);
    expect(early.written).toEqual([]);
    expect(early.sent.map((s) => s[1])).toEqual([6]);
  });
});
