import { DueHeap } from './due-heap';

/** Deterministic pseudo-random numbers so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('DueHeap', () => {
  it('pops in (time, jobId) order', () => {
    const h = new DueHeap();
    h.set('c', 30);
    h.set('b', 10);
    h.set('a', 10);
    h.set('d', 20);
    expect([h.pop(), h.pop(), h.pop(), h.pop(), h.pop()]).toEqual([
      { jobId: 'a', at: 10 },
      { jobId: 'b', at: 10 },
      { jobId: 'd', at: 20 },
      { jobId: 'c', at: 30 },
      undefined,
    ]);
  });

  it('updates a job in place instead of adding a second entry', () => {
    const h = new DueHeap();
    h.set('a', 100);
    h.set('b', 50);
    h.set('a', 10);
    expect(h.size).toBe(2);
    expect(h.peek()).toEqual({ jobId: 'a', at: 10 });
    h.set('a', 200);
    expect(h.peek()).toEqual({ jobId: 'b', at: 50 });
    expect(h.get('a')).toBe(200);
  });

  it('removes by jobId', () => {
    const h = new DueHeap();
    for (const [id, at] of [
      ['a', 5],
      ['b', 1],
      ['c', 3],
    ] as const)
      h.set(id, at);
    expect(h.delete('b')).toBe(true);
    expect(h.delete('b')).toBe(false);
    expect(h.has('b')).toBe(false);
    expect(h.popDue(10)).toEqual([
      { jobId: 'c', at: 3 },
      { jobId: 'a', at: 5 },
    ]);
  });

  it('popDue stops at now and at the limit', () => {
    const h = new DueHeap();
    for (let i = 0; i < 10; i++) h.set(`j${i}`, i * 10);
    expect(h.popDue(25).map((x) => x.jobId)).toEqual(['j0', 'j1', 'j2']);
    expect(h.popDue(1000, 2).map((x) => x.jobId)).toEqual(['j3', 'j4']);
    expect(h.size).toBe(5);
  });

  it('matches a sorted model under 20,000 random sets, deletes and pops', () => {
    const h = new DueHeap();
    const model = new Map<string, number>();
    const rand = rng(42);
    for (let i = 0; i < 20_000; i++) {
      const id = `job${Math.floor(rand() * 500)}`;
      const op = rand();
      if (op < 0.6) {
        const at = Math.floor(rand() * 1000);
        h.set(id, at);
        model.set(id, at);
      } else if (op < 0.8) {
        expect(h.delete(id)).toBe(model.delete(id));
      } else {
        const expected = [...model].sort(([ia, a], [ib, b]) => a - b || (ia < ib ? -1 : 1))[0];
        const got = h.pop();
        expect(got && [got.jobId, got.at]).toEqual(expected);
        if (expected) model.delete(expected[0]);
      }
      expect(h.size).toBe(model.size);
    }
  });
});
