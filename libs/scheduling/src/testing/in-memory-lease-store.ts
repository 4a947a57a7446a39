import type { LeaseResult, LeaseStore } from '../lease/lease-store';

interface Row {
  owner: string;
  token: number;
  expiresAtMs: number;
}

/**
 * TEST DOUBLE: an in-memory {@link LeaseStore} with the same conditions as the DynamoDB
 * adapter. `failNext` makes the next call throw (an unknown-outcome store error).
 */
export class InMemoryLeaseStore implements LeaseStore {
  private readonly rows = new Map<string, Row>();
  private failures = 0;

  /** Makes the next `n` calls reject, as a timeout would. */
  failNext(n = 1): void {
    this.failures += n;
  }

  /** The stored row, for assertions. */
  peek(name: string): Readonly<Row> | undefined {
    return this.rows.get(name);
  }

  async tryAcquire(name: string, owner: string, now: Date, durationMs: number): Promise<LeaseResult> {
    this.maybeFail();
    const row = this.rows.get(name);
    if (row && row.owner !== owner && row.expiresAtMs > now.getTime()) {
      return { ok: false, holder: row.owner, expiresAt: new Date(row.expiresAtMs) };
    }
    const next = { owner, token: (row?.token ?? 0) + 1, expiresAtMs: now.getTime() + durationMs };
    this.rows.set(name, next);
    return { ok: true, token: next.token, expiresAt: new Date(next.expiresAtMs) };
  }

  async renew(
    name: string,
    owner: string,
    token: number,
    now: Date,
    durationMs: number,
  ): Promise<LeaseResult> {
    this.maybeFail();
    const row = this.rows.get(name);
    if (!row || row.owner !== owner || row.token !== token)
      return { ok: false, ...(row ? { holder: row.owner } : {}) };
    row.expiresAtMs = now.getTime() + durationMs;
    return { ok: true, token, expiresAt: new Date(row.expiresAtMs) };
  }

  async release(name: string, owner: string, token: number): Promise<void> {
    this.maybeFail();
    const row = this.rows.get(name);
    if (row && row.owner === owner && row.token === token) row.expiresAtMs = 0;
  }

  private maybeFail(): void {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('InMemoryLeaseStore: injected failure');
    }
  }
}
