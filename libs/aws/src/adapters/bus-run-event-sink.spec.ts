import type { RunStatus } from '@lava/core';
import { BusRunEventSink } from './bus-run-event-sink';

const event = (run_id: string, status: RunStatus) => ({
  job_id: 'j',
  run_id,
  status,
  info: status === 'running' ? 'Iteration 1' : null,
  ts_dispatch: '2026-01-01T00:00:00Z',
  ts_event: new Date('2026-01-01T00:00:01Z'),
});

describe('BusRunEventSink', () => {
  it('publishes a run’s events in order without blocking the run, and settle waits for them', async () => {
    const published: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const sink = new BusRunEventSink(
      {
        publish: async (entries) => {
          await gate;
          published.push(...entries.map((e) => JSON.parse((e as { Detail: string }).Detail).status));
        },
      },
      'demo',
      'core',
    );
    await sink.record(event('r1', 'starting'));
    await sink.record(event('r1', 'running'));
    expect(published).toEqual([]);
    const settled = sink.settle('r1');
    release();
    await settled;
    expect(published).toEqual(['starting', 'running']);
  });

  it('settle rethrows a publish failure, and later events of the run are still sent', async () => {
    const published: string[] = [];
    let calls = 0;
    const sink = new BusRunEventSink(
      {
        publish: async (entries) => {
          if (calls++ === 0) throw new Error('bus refused');
          published.push(...entries.map((e) => JSON.parse((e as { Detail: string }).Detail).status));
        },
      },
      'demo',
      'core',
    );
    await sink.record(event('r2', 'starting'));
    await sink.record(event('r2', 'running'));
    await expect(sink.settle('r2')).rejects.toThrow('bus refused');
    expect(published).toEqual(['running']);
  });

  it('refuses an event that breaks its contract at once', async () => {
    const sink = new BusRunEventSink({ publish: async () => undefined }, 'demo', 'core');
    // A caller outside TypeScript's reach (a plain-JS plugin) could still pass any string.
    await expect(sink.record(event('r3', 'no-such-status' as RunStatus))).rejects.toThrow();
  });
});

describe('BusRunEventSink batching', () => {
  it('sends the events recorded while a publish is in flight together, in order', async () => {
    const calls: string[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const sink = new BusRunEventSink(
      {
        publish: async (entries) => {
          if (calls.length === 0) await gate;
          calls.push(entries.map((e) => JSON.parse((e as { Detail: string }).Detail).status));
        },
      },
      'demo',
      'core',
    );
    await sink.record(event('r4', 'starting'));
    await sink.record(event('r4', 'running'));
    await sink.record(event('r4', 'complete'));
    release();
    await sink.settle('r4');
    expect(calls).toEqual([['starting'], ['running', 'complete']]);
  });
});

describe('BusRunEventSink gathering (gatherMs)', () => {
  const statuses = (entries: unknown[]) =>
    entries.map((e) => JSON.parse((e as { Detail: string }).Detail).status as string);

  it('sends a quick run’s events in one publish, as soon as its outcome is recorded', async () => {
    const calls: string[][] = [];
    const sink = new BusRunEventSink(
      { publish: async (entries) => void calls.push(statuses(entries)) },
      'demo',
      'core',
      undefined,
      60_000,
    );
    await sink.record(event('g1', 'starting'));
    await sink.record(event('g1', 'running'));
    await sink.record(event('g1', 'complete'));
    await sink.settle('g1');
    expect(calls).toEqual([['starting', 'running', 'complete']]);
  });

  it('sends a long run’s first events once gatherMs passed, without waiting for its outcome', async () => {
    const calls: string[][] = [];
    const sink = new BusRunEventSink(
      { publish: async (entries) => void calls.push(statuses(entries)) },
      'demo',
      'core',
      undefined,
      20,
    );
    await sink.record(event('g2', 'starting'));
    await sink.record(event('g2', 'running'));
    expect(calls).toEqual([]);
    const deadline = Date.now() + 10_000;
    while (!calls.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(calls).toEqual([['starting', 'running']]);
    await sink.record(event('g2', 'complete'));
    await sink.settle('g2');
    expect(calls).toEqual([['starting', 'running'], ['complete']]);
  });

  it('settle ends the wait: a run refused before its outcome is not held back', async () => {
    const calls: string[][] = [];
    const sink = new BusRunEventSink(
      { publish: async (entries) => void calls.push(statuses(entries)) },
      'demo',
      'core',
      undefined,
      60_000,
    );
    await sink.record(event('g3', 'starting'));
    await sink.settle('g3');
    expect(calls).toEqual([['starting']]);
  });
});
