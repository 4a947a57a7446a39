import { RequestBatcher } from './request-batcher';

describe('RequestBatcher', () => {
  it('cuts batches by size as well as count; an oversized item goes alone', async () => {
    const calls: number[][] = [];
    const batcher = new RequestBatcher<number>(
      async (items) => {
        calls.push(items);
        return items.map((n) => (n > 100 ? new Error(`item ${n} too large`) : undefined));
      },
      { maxBatch: 3, sizeOf: (n) => n, maxSize: 100 },
    );
    const outcomes = await Promise.allSettled([25, 150, 30, 40, 10, 5, 1].map((n) => batcher.add(n)));
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    // 25 | 150 (alone, > maxSize) | 30 40 10 (count) | 5 1
    expect(calls).toEqual([[25], [150], [30, 40, 10], [5, 1]]);
  });

  it('without a size measure, cuts by count only', async () => {
    const calls: string[][] = [];
    const batcher = new RequestBatcher<string>(
      async (items) => (calls.push(items), items.map(() => undefined)),
      { maxBatch: 2 },
    );
    await Promise.all(['a', 'b', 'c'].map((s) => batcher.add(s)));
    expect(calls).toEqual([['a', 'b'], ['c']]);
  });

  it('sends a lone item on the next turn, without waiting for company', async () => {
    const calls: string[][] = [];
    const batcher = new RequestBatcher<string>(
      async (items) => (calls.push(items), items.map(() => undefined)),
    );
    const sent = batcher.add('a');
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual([['a']]);
    await sent;
  });

  it('gathers the items added while a request is in flight into the next one', async () => {
    const calls: string[][] = [];
    const inFlight: Array<() => void> = [];
    const batcher = new RequestBatcher<string>(
      (items) =>
        new Promise((resolve) => {
          calls.push(items);
          inFlight.push(() => resolve(items.map(() => undefined)));
        }),
    );
    const first = batcher.add('a');
    await new Promise((r) => setImmediate(r));
    const later = ['b', 'c', 'd'].map((s) => batcher.add(s));
    await new Promise((r) => setImmediate(r));
    // b, c and d wait for the request carrying a.
    expect(calls).toEqual([['a']]);
    inFlight.shift()!();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual([['a'], ['b', 'c', 'd']]);
    inFlight.shift()!();
    await Promise.all(later);
  });

  it('sends a full batch at once even while another request is in flight', async () => {
    const calls: number[][] = [];
    const release: Array<() => void> = [];
    const batcher = new RequestBatcher<number>(
      (items) =>
        new Promise((resolve) => {
          calls.push(items);
          release.push(() => resolve(items.map(() => undefined)));
        }),
      { maxBatch: 2 },
    );
    const all = [batcher.add(1)];
    await new Promise((r) => setImmediate(r));
    all.push(batcher.add(2), batcher.add(3));
    expect(calls).toEqual([[1], [2, 3]]);
    release.forEach((r) => r());
    await Promise.all(all);
  });

  it('settles each item with its own outcome, and every item of a batch whose request failed', async () => {
    let call = 0;
    const batcher = new RequestBatcher<string>(async (items) => {
      if (call++ === 0) return items.map((s) => (s === 'bad' ? new Error('refused') : undefined));
      throw new Error('endpoint down');
    });
    const firstTurn = await Promise.allSettled([batcher.add('ok'), batcher.add('bad')]);
    expect(firstTurn.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    const secondTurn = await Promise.allSettled([batcher.add('x'), batcher.add('y')]);
    expect(secondTurn.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'ok'))).toEqual([
      'endpoint down',
      'endpoint down',
    ]);
  });
});
