import type { Fire, MissedFire } from '@lava/scheduling';

/** A stored job item as the scheduler reads it (the fields it uses; the rest is ignored). */
export interface SchedulableItem {
  job_id: string;
  dispatcher?: string;
  type?: unknown;
  schedule?: unknown;
  enabled?: unknown;
  timezone?: unknown;
  catchup?: unknown;
  [key: string]: unknown;
}

/**
 * A listing read page by page: each page is requested only when the previous one was taken, so
 * the caller paces the reads and never holds the whole list (100,000 jobs are a few dozen pages).
 */
export type ItemPages = AsyncIterable<readonly SchedulableItem[]>;

/** Where jobs come from (the jobs table in production). */
export interface ScheduledJobSource {
  /** Every job of one dispatcher (`dispatcher-index`). */
  listByDispatcher(dispatcher: string): ItemPages;
  /** Jobs written after `since` (all dispatchers); deletions are not visible. */
  changedSince(since: Date): ItemPages;
  /** The "jobs changed" marker that `lava job put` bumps; a new value triggers a reload at once. */
  changeVersion?(): Promise<number>;
}

/** Fires made ready (events built) ahead of their time; `send` publishes them. */
export interface PreparedFires {
  readonly fires: readonly Fire[];
  send(): Promise<void>;
}

/** Where fires go (the realm bus in production). Throws when events could not be published. */
export interface FireSink {
  /** Builds the events of `fires` now, to publish later with `send` (takes work off the due instant). */
  prepare(fires: readonly Fire[], dispatcher: string): PreparedFires;
  /** Publishes one `Dispatch Requested` per fire. */
  dispatch(fires: readonly Fire[], dispatcher: string): Promise<void>;
  /** Publishes one `Schedule Missed` per slot. */
  missed(missed: readonly MissedFire[], dispatcher: string, reason: string): Promise<void>;
}

/** The firing watermark of a dispatcher, fenced by the lease token. */
export interface ProgressStore {
  readProgress(name: string): Promise<Date | undefined>;
  /** False: the fencing condition failed (another replica holds the lease). */
  recordProgress(name: string, owner: string, token: number, firedThrough: Date): Promise<boolean>;
}

/** The time source; injected so tests drive time. */
export type Clock = () => Date;
