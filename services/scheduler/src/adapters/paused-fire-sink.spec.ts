import { Logger } from '@lava/logging';
import { makeFire, type Fire, type MissedFire } from '@lava/scheduling';
import type { FireSink } from '../engine/ports';
import { PausedFireSink } from './paused-fire-sink';

describe('PausedFireSink', () => {
  const sent: string[] = [];
  const missed: Array<{ missed: readonly MissedFire[]; reason: string }> = [];
  const inner: FireSink = {
    prepare: (fires, d) => ({
      fires,
      send: async () => void sent.push(...fires.map((f) => `${d}:${f.jobId}`)),
    }),
    dispatch: async (fires, d) => void sent.push(...fires.map((f) => `${d}:${f.jobId}`)),
    missed: async (m, _d, reason) => void missed.push({ missed: m, reason }),
  };
  let paused = new Set<string>();
  let reads = 0;
  let now = 0;
  const sink = new PausedFireSink(
    inner,
    { isPaused: async (d) => (reads++, paused.has(d)) },
    () => new Date(now),
    new Logger({ service: 'test' }, { sink: () => undefined }),
    1000,
  );
  const fire: Fire = makeFire('j1', new Date(0));

  beforeEach(() => {
    sent.length = 0;
    missed.length = 0;
  });

  it('sends the fires of running dispatchers and skips paused ones as missed', async () => {
    await sink.dispatch([fire], 'main');
    expect(sent).toEqual(['main:j1']);
    paused = new Set(['main']);
    now = 1000;
    await sink.prepare([fire], 'main').send();
    await sink.dispatch([fire], 'other');
    expect(sent).toEqual(['main:j1', 'other:j1']);
    expect(missed).toEqual([
      { missed: [{ jobId: 'j1', scheduledAt: new Date(0) }], reason: 'dispatcher paused' },
    ]);
  });

  it("re-reads a dispatcher's pause at most once per refresh period, each dispatcher on its own", async () => {
    const before = reads;
    now = 1500;
    await sink.dispatch([fire], 'x');
    await sink.dispatch([fire], 'x');
    expect(reads).toBe(before + 1);
    await sink.dispatch([fire], 'y');
    expect(reads).toBe(before + 2);
    now = 2499;
    await sink.dispatch([fire], 'x');
    expect(reads).toBe(before + 2);
    now = 2500;
    await sink.dispatch([fire], 'x');
    expect(reads).toBe(before + 3);
  });

  it('skips every fire, paused or not, while the node switch is on, and sends again once it is off', async () => {
    let why: string | undefined = 'dispatch suppressed by /tmp/x';
    const switched = new PausedFireSink(
      inner,
      { isPaused: async () => false },
      () => new Date(0),
      new Logger({ service: 'test' }, { sink: () => undefined }),
      1000,
      () => why,
    );
    await switched.prepare([fire], 'main').send();
    await switched.dispatch([fire], 'other');
    expect(sent).toEqual([]);
    expect(missed.map((m) => m.reason)).toEqual([
      'dispatch suppressed by /tmp/x',
      'dispatch suppressed by /tmp/x',
    ]);
    why = undefined;
    await switched.dispatch([fire], 'main');
    expect(sent).toEqual(['main:j1']);
  });

  it('reads the pause when the fires are prepared, so the send at the due instant waits for no read', async () => {
    const readAt: number[] = [];
    const early = new PausedFireSink(
      inner,
      { isPaused: async () => (readAt.push(now), false) },
      () => new Date(now),
      new Logger({ service: 'test' }, { sink: () => undefined }),
      1000,
    );
    now = 10_000;
    const batch = early.prepare([fire], 'main');
    expect(readAt).toEqual([10_000]);
    now = 10_200;
    await batch.send();
    expect(readAt).toEqual([10_000]);
    expect(sent).toEqual(['main:j1']);
  });
});
