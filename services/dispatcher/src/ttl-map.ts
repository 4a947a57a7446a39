/**
 * A bounded map whose entries expire `ttlMs` after they were set (oldest evicted first when
 * full). Backs the trigger lookup cache and the S3 dedup window; `maxSize` 0 disables it.
 */
export class TtlMap<V> {
  private readonly entries = new Map<string, { at: number; value: V }>();

  constructor(
    private readonly maxSize: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.maxSize > 0 && this.ttlMs > 0;
  }

  /** The live entry, or `undefined` (expired entries are dropped on read). */
  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (this.now() - hit.at < this.ttlMs) return hit.value;
    this.entries.delete(key);
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): void {
    if (!this.enabled) return;
    this.entries.delete(key);
    this.entries.set(key, { at: this.now(), value });
    if (this.entries.size > this.maxSize) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Read-through: the cached value, else `load()` stored (failures are not cached). */
  async through(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = await load();
    this.set(key, value);
    return value;
  }
}
