import { DueBuckets } from './due-buckets';

describe('DueBuckets', () => {
  it('pops the earliest instant first, with every slot due then', () => {
    const q = new DueBuckets();
    q.set(3, 30);
    q.set(1, 10);
    q.set(2, 10);
    q.set(4, 20);
    expect(q.size).toBe(4);
    expect(q.popDue(5)).toBeUndefined();
    expect(q.popDue(100)).toEqual({ at: 10, slots: [1, 2] });
    expect(q.popDue(100)).toEqual({ at: 20, slots: [4] });
    expect(q.popDue(100)).toEqual({ at: 30, slots: [3] });
    expect(q.popDue(100)).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it('moves and deletes slots without leaving them in their old bucket', () => {
    const q = new DueBuckets();
    q.set(1, 10);
    q.set(2, 10);
    q.set(1, 50);
    q.delete(2);
    expect(q.peek()).toBe(50);
    expect(q.get(1)).toBe(50);
    expect(q.get(2)).toBeUndefined();
    expect(q.delete(2)).toBe(false);
    expect(q.popDue(100)).toEqual({ at: 50, slots: [1] });
  });

  it('takes a slot once when it moved away and back to the same instant', () => {
    const q = new DueBuckets();
    q.set(7, 10);
    q.set(7, 20);
    q.set(7, 10);
    expect(q.size).toBe(1);
    expect(q.popDue(10)).toEqual({ at: 10, slots: [7] });
    expect(q.popDue(100)).toBeUndefined();
  });

  it('grows past its initial capacity and keeps many instants in order', () => {
    const q = new DueBuckets();
    for (let slot = 0; slot < 5_000; slot++) q.set(slot, ((slot * 7919) % 1_000) * 1_000);
    const times: number[] = [];
    let total = 0;
    for (let b = q.popDue(Infinity); b; b = q.popDue(Infinity)) {
      times.push(b.at);
      total += b.slots.length;
    }
    expect(total).toBe(5_000);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
  });

  it('clears everything', () => {
    const q = new DueBuckets();
    q.set(1, 10);
    q.clear();
    expect(q.size).toBe(0);
    expect(q.peek()).toBeUndefined();
  });
});
