import { UidNotLeasedError, UidPoolExhaustedError, UidRangeInvalidError } from './sandbox.error';

/** An inclusive range of uids for job processes (each one also used as the gid). */
export interface UidRange {
  first: number;
  last: number;
}

/** Below this, uids belong to the system and to image users; job uids must not collide with them. */
const MIN_JOB_UID = 1000;
/** 65534 is `nobody`; 2^31-1 and above are refused by some tools. */
const MAX_JOB_UID = 65533;

/**
 * Parses `LAVA_JOB_UID_RANGE` (`first-last`, inclusive).
 *
 * @example parseUidRange('20000-20999') // { first: 20000, last: 20999 }
 */
export function parseUidRange(text: string, minSize = 1): UidRange {
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  if (!m)
    throw new UidRangeInvalidError(
      `LAVA_JOB_UID_RANGE must be "first-last" (e.g. 20000-20999), got "${text}"`,
      text,
    );
  const first = Number(m[1]);
  const last = Number(m[2]);
  if (first < MIN_JOB_UID || last > MAX_JOB_UID || first > last)
    throw new UidRangeInvalidError(
      `LAVA_JOB_UID_RANGE must lie within ${MIN_JOB_UID}-${MAX_JOB_UID} with first <= last, got "${text}"`,
      text,
    );
  if (last - first + 1 < minSize)
    throw new UidRangeInvalidError(
      `LAVA_JOB_UID_RANGE "${text}" holds ${last - first + 1} uids, fewer than the ${minSize} runs the worker runs at once (LAVA_WORKER_CONCURRENCY)`,
      text,
    );
  return { first, last };
}

/**
 * Job uids, each held by at most one live run. A run leases one when it starts and releases it
 * once every process of the run is gone; when all are held, `lease` waits for a release.
 */
export class UidPool {
  private readonly holders = new Map<number, string>();
  private readonly waiters: (() => void)[] = [];

  constructor(readonly range: UidRange) {}

  /** Takes a free uid for `holder`; waits up to `waitMs` (or until `signal` aborts) when none is free. */
  async lease(holder: string, options: { waitMs: number; signal?: AbortSignal }): Promise<number> {
    const started = Date.now();
    for (;;) {
      const uid = this.take(holder);
      if (uid !== undefined) return uid;
      options.signal?.throwIfAborted();
      const left = options.waitMs - (Date.now() - started);
      if (left <= 0 || !(await this.released(left, options.signal)))
        throw new UidPoolExhaustedError(this.describe(), options.waitMs, [...this.holders.values()]);
    }
  }

  /** Gives `uid` back; a uid that is not leased is a caller's bug and is refused. */
  release(uid: number): void {
    if (!this.holders.delete(uid)) throw new UidNotLeasedError(uid);
    this.waiters.shift()?.();
  }

  /** Uids held now, with their holders. */
  leased(): ReadonlyMap<number, string> {
    return this.holders;
  }

  describe(): string {
    return `${this.range.first}-${this.range.last}`;
  }

  private take(holder: string): number | undefined {
    for (let uid = this.range.first; uid <= this.range.last; uid++) {
      if (this.holders.has(uid)) continue;
      this.holders.set(uid, holder);
      return uid;
    }
    return undefined;
  }

  /** Resolves true on the next release, false after `ms` without one; rejects when `signal` aborts. */
  private released(ms: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const i = this.waiters.indexOf(wake);
        if (i >= 0) this.waiters.splice(i, 1);
      };
      const wake = () => {
        cleanup();
        resolve(true);
      };
      const onAbort = () => {
        cleanup();
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve(false);
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(wake);
    });
  }
}
