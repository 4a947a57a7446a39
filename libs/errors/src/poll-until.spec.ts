import { LavaError } from './lava-error';
import { pollUntil, PollTimeoutError } from './poll-until';

/** A probe answering `undefined` until its `n`th call, then `n`. */
function answersOnCall(n: number): { probe: () => number | undefined; calls: () => number } {
  let calls = 0;
  return { probe: () => (++calls >= n ? calls : undefined), calls: () => calls };
}

/** The delays `pollUntil` sleeps, read from its `setTimeout` calls. */
function recordDelays(): number[] {
  const delays: number[] = [];
  const real = global.setTimeout;
  jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
    delays.push(ms ?? 0);
    return real(fn, 0);
  }) as typeof setTimeout);
  return delays;
}

describe('pollUntil', () => {
  afterEach(() => jest.restoreAllMocks());

  it('returns the first value other than undefined, from a sync or async probe', async () => {
    const sync = answersOnCall(3);
    await expect(pollUntil(sync.probe, { intervalMs: 1 })).resolves.toBe(3);
    expect(sync.calls()).toBe(3);
    await expect(pollUntil(async () => false, { intervalMs: 1 })).resolves.toBe(false);
  });

  it('throws PollTimeoutError naming what it waited for, with the last failure as cause', async () => {
    const failure = new Error('not yet');
    const err = await pollUntil(
      () => {
        throw failure;
      },
      { what: 'the table', timeoutMs: 20, intervalMs: 1 },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PollTimeoutError);
    expect(err).toBeInstanceOf(LavaError);
    expect(err).toMatchObject({
      code: 'POLL_TIMEOUT',
      context: { what: 'the table', timeoutMs: 20 },
      cause: failure,
      message: 'the table not met within 20 ms: not yet',
    });
  });

  it('rethrows a probe error at once when errors are not retried', async () => {
    let calls = 0;
    const denied = new Error('access denied');
    const probe = (): undefined => {
      calls++;
      throw denied;
    };
    await expect(pollUntil(probe, { retryErrors: false, intervalMs: 1 })).rejects.toBe(denied);
    expect(calls).toBe(1);
  });

  it('retries only the errors the retryErrors test accepts', async () => {
    let calls = 0;
    const probe = (): undefined => {
      calls++;
      throw new Error(calls < 3 ? 'throttled' : 'denied');
    };
    const retryErrors = (err: unknown): boolean => (err as Error).message === 'throttled';
    await expect(pollUntil(probe, { retryErrors, intervalMs: 1 })).rejects.toThrow('denied');
    expect(calls).toBe(3);
  });

  it('sleeps a fixed interval by default and doubles it up to maxIntervalMs when given', async () => {
    const fixed = recordDelays();
    await pollUntil(answersOnCall(4).probe, { intervalMs: 7 });
    expect(fixed).toEqual([7, 7, 7]);
    jest.restoreAllMocks();

    const backoff = recordDelays();
    await pollUntil(answersOnCall(6).probe, { intervalMs: 10, maxIntervalMs: 50 });
    expect(backoff).toEqual([10, 20, 40, 50, 50]);
  });
});
