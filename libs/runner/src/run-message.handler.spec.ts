import { validateJob, type ClaimResult, type RunEvent, type RunLedger, type RunOutcome } from '@lava/core';
import { Logger } from '@lava/logging';
import type { JobRunner } from './job-runner';
import { RunMessageHandler, type RunMessageHandlerDeps } from './run-message.handler';
import { RunAbortedError } from './sleep';

const NOW = new Date('2024-05-01T00:00:00Z');
const RUN = '0b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11';
const job = { job_id: 'etl/load', type: 'cmd', worker: 'core', payload: 'true', max_tries: 3 };
const body = JSON.stringify({
  realm: 'acme',
  worker: 'core',
  job_id: 'etl/load',
  run_id: RUN,
  ts_dispatch: '2024-05-01T00:00:00+00:00',
  schema_version: 2,
  grant: 'g.sig',
});
const delivery = { body, receiveCount: 1, messageId: 'm-1' };

/** A recording ledger: answers claims with `claim`, records every call. */
class LedgerDouble implements RunLedger {
  calls: string[] = [];
  finishes = true;
  constructor(private readonly result: ClaimResult) {}
  claim(runId: string, owner: string): Promise<ClaimResult> {
    this.calls.push(`claim ${runId} ${owner}`);
    return Promise.resolve(this.result);
  }
  extend(runId: string, _owner: string, fence: number, until: Date): Promise<boolean> {
    this.calls.push(`extend ${runId} ${fence} ${until.getTime() === 0 ? 'release' : 'renew'}`);
    return Promise.resolve(true);
  }
  finish(runId: string, _owner: string, fence: number, status: string): Promise<boolean> {
    this.calls.push(`finish ${runId} ${fence} ${status}`);
    return Promise.resolve(this.finishes);
  }
}

function setup(claim: ClaimResult, run: () => Promise<RunOutcome>) {
  const ledger = new LedgerDouble(claim);
  const events: RunEvent[] = [];
  const settled: string[] = [];
  const runs: Array<{ grant?: string; resumeIteration: number; resumed?: boolean }> = [];
  const deps: RunMessageHandlerDeps = {
    realm: 'acme',
    worker: 'core',
    jobs: { get: (id) => Promise.resolve(id === job.job_id ? { ...job } : undefined) },
    validateJob: (raw) => validateJob(raw).value as unknown as Record<string, unknown>,
    runner: {
      runTopLevel: (input: { grant?: string; resumeIteration: number; resumed?: boolean }) => {
        runs.push({ grant: input.grant, resumeIteration: input.resumeIteration, resumed: input.resumed });
        return run();
      },
    } as unknown as JobRunner,
    ledger,
    events: {
      record: (e) => Promise.resolve(void events.push(e)),
      settle: (runId) => Promise.resolve(void settled.push(runId)),
    },
    owner: 'host:1:w',
    leaseSeconds: 60,
    clock: () => NOW,
    logger: new Logger({ service: 'test' }, { level: 'error' }),
  };
  return { handler: new RunMessageHandler(deps), ledger, events, settled, runs };
}

const complete = (): Promise<RunOutcome> => Promise.resolve({ status: 'complete', result: {} });
const signal = () => new AbortController().signal;

describe('RunMessageHandler', () => {
  it('claims, runs with the grant, settles events, then finishes and acknowledges', async () => {
    const t = setup({ outcome: 'claimed', fence: 7 }, complete);
    await expect(t.handler.handle(delivery, signal())).resolves.toEqual({ kind: 'ack' });
    expect(t.events).toEqual([]);
    expect(t.runs).toEqual([{ grant: 'g.sig', resumeIteration: 1, resumed: false }]);
    expect(t.settled).toEqual([RUN]);
    expect(t.ledger.calls).toEqual([`claim ${RUN} host:1:w`, `finish ${RUN} 7 complete`]);
  });

  it('acknowledges a redelivery of a finished run without running it again', async () => {
    const t = setup({ outcome: 'finished', status: 'complete' }, complete);
    await expect(t.handler.handle(delivery, signal())).resolves.toEqual({ kind: 'ack' });
    expect(t.runs).toEqual([]);
  });

  it('releases a duplicate of a run in progress elsewhere until that lease ends (at most 60 s)', async () => {
    const soon = setup(
      { outcome: 'busy', owner: 'other', leaseUntil: new Date(NOW.getTime() + 12_500) },
      complete,
    );
    await expect(soon.handler.handle(delivery, signal())).resolves.toEqual({
      kind: 'release',
      delaySeconds: 13,
    });
    const late = setup(
      { outcome: 'busy', owner: 'other', leaseUntil: new Date(NOW.getTime() + 600_000) },
      complete,
    );
    await expect(late.handler.handle(delivery, signal())).resolves.toEqual({
      kind: 'release',
      delaySeconds: 60,
    });
    expect(soon.runs).toEqual([]);
  });

  it('records a rejected run and acknowledges a message intake refuses', async () => {
    const t = setup({ outcome: 'claimed', fence: 1 }, complete);
    const other = body.replace('"worker":"core"', '"worker":"gpu"');
    await expect(t.handler.handle({ ...delivery, body: other }, signal())).resolves.toEqual({
      kind: 'ack',
    });
    expect(t.events).toMatchObject([{ job_id: 'etl/load', run_id: RUN, status: 'rejected' }]);
    expect(t.settled).toEqual([RUN]);
    expect(t.ledger.calls).toEqual([]);
  });

  it('requeues a run that continues later, releasing its claim', async () => {
    const t = setup({ outcome: 'claimed', fence: 2 }, () =>
      Promise.resolve({ status: 'retrying', result: {}, resumeAt: { iteration: 3, delaySeconds: 30 } }),
    );
    const disposition = await t.handler.handle(delivery, signal());
    expect(disposition).toMatchObject({ kind: 'requeue', delaySeconds: 30 });
    if (disposition.kind !== 'requeue') return;
    expect(JSON.parse(disposition.body)).toMatchObject({ run_id: RUN, tries: 2, schema_version: 2 });
    expect(t.ledger.calls).toEqual([`claim ${RUN} host:1:w`, `extend ${RUN} 2 release`]);
  });

  it('acknowledges a parked fleet parent without finishing it, so its resume can claim the run', async () => {
    const t = setup({ outcome: 'claimed', fence: 5 }, () =>
      Promise.resolve({ status: 'waiting', result: {}, parked: true }),
    );
    await expect(t.handler.handle(delivery, signal())).resolves.toEqual({ kind: 'ack' });
    expect(t.settled).toEqual([RUN]);
    expect(t.ledger.calls).toEqual([`claim ${RUN} host:1:w`, `extend ${RUN} 5 release`]);
  });

  it('runs a message with `tries` as a continuation (a resumed fleet parent)', async () => {
    const t = setup({ outcome: 'claimed', fence: 1 }, complete);
    const resumed = { ...JSON.parse(body), schema_version: 2, tries: 0 };
    await t.handler.handle({ ...delivery, body: JSON.stringify(resumed) }, signal());
    expect(t.runs).toEqual([expect.objectContaining({ resumeIteration: 1, resumed: true })]);
  });

  it('gives an aborted run back at once (shutdown or lost lease)', async () => {
    const t = setup({ outcome: 'claimed', fence: 4 }, () => Promise.reject(new RunAbortedError()));
    await expect(t.handler.handle(delivery, signal())).resolves.toEqual({
      kind: 'release',
      delaySeconds: 0,
    });
    expect(t.ledger.calls).toEqual([`claim ${RUN} host:1:w`, `extend ${RUN} 4 release`]);
    expect(t.settled).toEqual([RUN]);
  });

  it('lets any other failure through (the message is redelivered) after settling events', async () => {
    const t = setup({ outcome: 'claimed', fence: 5 }, () => Promise.reject(new Error('bus down')));
    await expect(t.handler.handle(delivery, signal())).rejects.toThrow('bus down');
    expect(t.settled).toEqual([RUN]);
    expect(t.ledger.calls).toEqual([`claim ${RUN} host:1:w`]);
  });

  it('acknowledges without an outcome when a newer attempt took the run over', async () => {
    const t = setup({ outcome: 'claimed', fence: 6 }, complete);
    t.ledger.finishes = false;
    await expect(t.handler.handle(delivery, signal())).resolves.toEqual({ kind: 'ack' });
    expect(t.ledger.calls).toEqual([`claim ${RUN} host:1:w`, `finish ${RUN} 6 complete`]);
  });
});
