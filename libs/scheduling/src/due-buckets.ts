/**
 * Due times of numbered job slots, grouped by instant: one bucket of slots per distinct due time
 * and a min-heap of those times. Cron fires share instants (every job on `0 * * * *` is due at
 * the same second), so queueing a fire is an array push and at most one heap step, not a
 * reordering of 100,000 heap entries, and a job's due time is a number in a Float64Array rather
 * than an object.
 *
 * Entries leave buckets lazily: an entry counts only while the slot's due time still equals the
 * bucket's time, so a moved or deleted job costs nothing until its old bucket comes up.
 *
 * @example const q = new DueBuckets(); q.set(0, 1000); q.set(1, 1000); q.popDue(2000) // { at: 1000, slots: [0, 1] }
 */
export class DueBuckets {
  private due = new Float64Array(1024).fill(NaN);
  private readonly buckets = new Map<number, number[]>();
  private readonly times: number[] = [];
  private live = 0;

  /** Slots with a due time. */
  get size(): number {
    return this.live;
  }

  /** The due time of `slot`, if it has one. */
  get(slot: number): number | undefined {
    const at = this.due[slot];
    return at === undefined || Number.isNaN(at) ? undefined : at;
  }

  /** Queues `slot` at `at` (epoch ms), replacing its previous due time. */
  set(slot: number, at: number): void {
    if (slot >= this.due.length) this.grow(slot);
    const was = this.due[slot] as number;
    if (was === at) return;
    if (Number.isNaN(was)) this.live++;
    this.due[slot] = at;
    const bucket = this.buckets.get(at);
    if (bucket) bucket.push(slot);
    else {
      this.buckets.set(at, [slot]);
      pushTime(this.times, at);
    }
  }

  /** Unqueues `slot`; false when it had no due time. */
  delete(slot: number): boolean {
    if (this.get(slot) === undefined) return false;
    this.due[slot] = NaN;
    this.live--;
    return true;
  }

  /** Unqueues everything. */
  clear(): void {
    this.due = new Float64Array(1024).fill(NaN);
    this.buckets.clear();
    this.times.length = 0;
    this.live = 0;
  }

  /** The earliest due time, skipping buckets whose entries have all moved away. */
  peek(): number | undefined {
    for (;;) {
      const at = this.times[0];
      if (at === undefined) return undefined;
      if ((this.buckets.get(at) as number[]).some((s) => this.due[s] === at)) return at;
      this.dropEarliest(at);
    }
  }

  /**
   * Removes the earliest bucket when it is due at or before `now` and returns its live slots
   * (each once, in queueing order); the slots lose their due time.
   */
  popDue(now: number): { at: number; slots: number[] } | undefined {
    const at = this.peek();
    if (at === undefined || at > now) return undefined;
    const entries = this.buckets.get(at) as number[];
    this.dropEarliest(at);
    const slots: number[] = [];
    for (const s of entries) {
      // A slot queued twice at this time (moved away and back) is taken once.
      if (this.due[s] !== at) continue;
      this.due[s] = NaN;
      this.live--;
      slots.push(s);
    }
    return { at, slots };
  }

  private dropEarliest(at: number): void {
    this.buckets.delete(at);
    popTime(this.times);
  }

  private grow(slot: number): void {
    let size = this.due.length;
    while (size <= slot) size *= 2;
    const due = new Float64Array(size).fill(NaN);
    due.set(this.due);
    this.due = due;
  }
}

/** Binary min-heap push on a plain array of times. */
function pushTime(heap: number[], at: number): void {
  let i = heap.push(at) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((heap[parent] as number) <= at) break;
    heap[i] = heap[parent] as number;
    i = parent;
  }
  heap[i] = at;
}

/** Binary min-heap pop (the caller has read `heap[0]`). */
function popTime(heap: number[]): void {
  const last = heap.pop() as number;
  const n = heap.length;
  if (n === 0) return;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && (heap[r] as number) < (heap[l] as number) ? r : l;
    if ((heap[c] as number) >= last) break;
    heap[i] = heap[c] as number;
    i = c;
  }
  heap[i] = last;
}
