/** One heap item: a job and its next due time (epoch ms). */
export interface DueItem {
  readonly jobId: string;
  readonly at: number;
}

/**
 * An indexed binary min-heap of due times keyed by (time, jobId). The index from jobId to
 * heap slot makes insert, update and remove O(log n), so an edit never scans the heap.
 * Ties break on jobId so the pop order is deterministic.
 *
 * @example const h = new DueHeap(); h.set('a', 1000); h.popDue(2000) // [{ jobId: 'a', at: 1000 }]
 */
export class DueHeap {
  private readonly ats: number[] = [];
  private readonly ids: string[] = [];
  private readonly slot = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  has(jobId: string): boolean {
    return this.slot.has(jobId);
  }

  /** The due time of `jobId`, if it is in the heap. */
  get(jobId: string): number | undefined {
    const i = this.slot.get(jobId);
    return i === undefined ? undefined : this.ats[i];
  }

  /** Inserts `jobId` at `at`, or moves it there if present. O(log n). */
  set(jobId: string, at: number): void {
    const i = this.slot.get(jobId);
    if (i === undefined) {
      this.ats.push(at);
      this.ids.push(jobId);
      this.slot.set(jobId, this.ids.length - 1);
      this.up(this.ids.length - 1);
      return;
    }
    this.ats[i] = at;
    this.down(this.up(i));
  }

  /** Removes `jobId`; false when it was not present. O(log n). */
  delete(jobId: string): boolean {
    const i = this.slot.get(jobId);
    if (i === undefined) return false;
    this.removeAt(i);
    return true;
  }

  /** The earliest item without removing it. */
  peek(): DueItem | undefined {
    const jobId = this.ids[0];
    const at = this.ats[0];
    return jobId === undefined || at === undefined ? undefined : { jobId, at };
  }

  /** Removes and returns the earliest item. */
  pop(): DueItem | undefined {
    const top = this.peek();
    if (top) this.removeAt(0);
    return top;
  }

  /** Removes and returns, in order, every item due at or before `now` (at most `limit`). */
  popDue(now: number, limit = Infinity): DueItem[] {
    const out: DueItem[] = [];
    while (out.length < limit) {
      const top = this.peek();
      if (!top || top.at > now) break;
      this.removeAt(0);
      out.push(top);
    }
    return out;
  }

  private removeAt(i: number): void {
    const last = this.ids.length - 1;
    this.slot.delete(this.ids[i] as string);
    if (i !== last) this.move(last, i);
    this.ats.pop();
    this.ids.pop();
    if (i < this.ids.length) this.down(this.up(i));
  }

  private less(a: number, b: number): boolean {
    const ta = this.ats[a] as number;
    const tb = this.ats[b] as number;
    return ta < tb || (ta === tb && (this.ids[a] as string) < (this.ids[b] as string));
  }

  private up(i: number): number {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
    return i;
  }

  private down(i: number): void {
    const n = this.ids.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < n && this.less(l, min)) min = l;
      if (r < n && this.less(r, min)) min = r;
      if (min === i) return;
      this.swap(i, min);
      i = min;
    }
  }

  private swap(a: number, b: number): void {
    const at = this.ats[a] as number;
    const id = this.ids[a] as string;
    this.move(b, a);
    this.ats[b] = at;
    this.ids[b] = id;
    this.slot.set(id, b);
  }

  /** Copies slot `from` into slot `to` (the caller overwrites or drops `from`). */
  private move(from: number, to: number): void {
    const id = this.ids[from] as string;
    this.ats[to] = this.ats[from] as number;
    this.ids[to] = id;
    this.slot.set(id, to);
  }
}
