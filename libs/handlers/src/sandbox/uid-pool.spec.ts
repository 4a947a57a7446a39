import { UidNotLeasedError, UidPoolExhaustedError, UidRangeInvalidError } from './sandbox.error';
import { parseUidRange, UidPool } from './uid-pool';

describe('parseUidRange', () => {
  it('reads an inclusive first-last range', () => {
    expect(parseUidRange('20000-20999')).toEqual({ first: 20000, last: 20999 });
    expect(parseUidRange(' 30000 - 30000 ')).toEqual({ first: 30000, last: 30000 });
  });

  it.each([
    ['20000', /must be "first-last"/],
    ['a-b', /must be "first-last"/],
    ['0-10', /within 1000-65533/],
    ['999-2000', /within 1000-65533/],
    ['60000-70000', /within 1000-65533/],
    ['21000-20000', /first <= last/],
  ])('refuses %s precisely', (text, message) => {
    expect(() => parseUidRange(text)).toThrow(UidRangeInvalidError);
    expect(() => parseUidRange(text)).toThrow(message);
  });

  it('refuses a range smaller than the worker concurrency', () => {
    expect(() => parseUidRange('20000-20003', 8)).toThrow(
      'LAVA_JOB_UID_RANGE "20000-20003" holds 4 uids, fewer than the 8 runs the worker runs at once (LAVA_WORKER_CONCURRENCY)',
    );
    expect(parseUidRange('20000-20007', 8)).toEqual({ first: 20000, last: 20007 });
  });
});

describe('UidPool', () => {
  const wait = { waitMs: 1_000 };

  it('gives each holder its own uid and reuses a released one', async () => {
    const pool = new UidPool({ first: 20000, last: 20002 });
    const uids = [await pool.lease('a', wait), await pool.lease('b', wait), await pool.lease('c', wait)];
    expect(uids).toEqual([20000, 20001, 20002]);
    expect([...pool.leased()]).toEqual([
      [20000, 'a'],
      [20001, 'b'],
      [20002, 'c'],
    ]);
    pool.release(20001);
    expect(await pool.lease('d', wait)).toBe(20001);
  });

  it('makes a run wait while every uid is held, and hands it the next uid released', async () => {
    const pool = new UidPool({ first: 20000, last: 20000 });
    await pool.lease('a', wait);
    let got: number | undefined;
    const waiting = pool.lease('b', { waitMs: 5_000 }).then((uid) => (got = uid));
    await new Promise((r) => setImmediate(r));
    expect(got).toBeUndefined();
    pool.release(20000);
    await waiting;
    expect(got).toBe(20000);
    expect(pool.leased().get(20000)).toBe('b');
  });

  it('refuses with a precise, retryable error when no uid comes free in time', async () => {
    const pool = new UidPool({ first: 20000, last: 20001 });
    await pool.lease('run-a', wait);
    await pool.lease('run-b', wait);
    const refused = await pool.lease('run-c', { waitMs: 50 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UidPoolExhaustedError);
    expect(refused).toMatchObject({
      code: 'JOB_UID_POOL_EXHAUSTED',
      retryable: true,
      context: { range: '20000-20001', waited_ms: 50, holders: ['run-a', 'run-b'] },
    });
    expect((refused as Error).message).toMatch(
      /^no free job uid in 20000-20001 after waiting 50 ms: all 2 are held/,
    );
  });

  it('stops waiting when the run is aborted', async () => {
    const pool = new UidPool({ first: 20000, last: 20000 });
    await pool.lease('a', wait);
    const abort = new AbortController();
    const waiting = pool.lease('b', { waitMs: 60_000, signal: abort.signal });
    abort.abort(new Error('worker shutting down'));
    await expect(waiting).rejects.toThrow('worker shutting down');
    pool.release(20000);
    expect(pool.leased().size).toBe(0);
  });

  it('refuses a double release and the release of a uid never leased', async () => {
    const pool = new UidPool({ first: 20000, last: 20001 });
    const uid = await pool.lease('a', wait);
    pool.release(uid);
    expect(() => pool.release(uid)).toThrow(UidNotLeasedError);
    expect(() => pool.release(uid)).toThrow('job uid 20000 is not leased: released twice or never taken');
    expect(() => pool.release(20001)).toThrow(UidNotLeasedError);
    // The double release changed nothing: both uids are free, once each.
    expect([await pool.lease('b', wait), await pool.lease('c', wait)]).toEqual([20000, 20001]);
  });
});
