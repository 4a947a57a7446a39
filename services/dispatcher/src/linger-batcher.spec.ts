import { LingerBatcher } from './linger-batcher';

describe('LingerBatcher', () => {
  it('cuts batches by size as well as count; an oversized item goes alone', async () => {
    const calls: number[][] = [];
    const batcher = new LingerBatcher<number>(
      async (items) => {
        calls.push(items);
        return items.map((n) => (n > 100 ? new Error(`item ${n} too large`) : undefined));
      },
      { maxBatch: 3, lingerMs: 1, sizeOf: (n) => n, maxSize: 100 },
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
    const batcher = new LingerBatcher<string>(
      async (items) => (calls.push(items), items.map(() => undefined)),
      { maxBatch: 2, lingerMs: 1 },
    );
    await Promise.all(['a', 'b', 'c'].map((s) => batcher.add(s)));
    expect(calls).toEqual([['a', 'b'], ['c']]);
  });
});
