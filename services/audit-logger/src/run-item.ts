import { isRunStatus, shouldReplaceStatus, statusRank, RUN_STATUSES, type RunStatus } from '@lava/core';
import type { AuditEntry } from './audit-entry';

/** One element of an events item's `log`. */
export interface LogEntry {
  status: string;
  ts_event: string;
  tu_event: string;
  info: unknown;
}

/** The stored fields of a run's events item this service maintains. */
export interface RunItemState {
  status?: string;
  ts_event?: string;
  tu_event?: string;
  log?: LogEntry[];
  /** Ids of the events applied: a list (the original's readers cannot read a string set). */
  event_ids?: string[] | Set<string>;
  /** Epoch ms of the latest log entry: appends after it keep the log ordered. */
  ms_event?: number;
  /** Epoch ms of the earliest log entry: a late `dispatched` before it can be prepended. */
  ms_first?: number;
  /** Bumped by every write: the optimistic-concurrency token of the slow path. */
  rev?: number;
}

/** Top-level fields a write sets. */
export interface RunItemFields {
  status?: string;
  ts_event?: string;
  tu_event?: string;
  ttl?: number;
  ms_event: number;
  /** Set when known for certain (merge); appends set it only if absent. */
  ms_first?: number;
  attributes: Record<string, string | null>;
}

/** Entries sorted by event time, one per event id (first wins), minus those already applied. */
export function pendingEntries(
  entries: AuditEntry[],
  applied: ReadonlySet<string> = new Set(),
): AuditEntry[] {
  const seen = new Set(applied);
  const out: AuditEntry[] = [];
  for (const e of entries) {
    if (seen.has(e.event_id)) continue;
    seen.add(e.event_id);
    out.push(e);
  }
  return out.sort((a, b) => a.ms - b.ms);
}

/** Folds run statuses in time order: a later status replaces only one of equal or lower rank. */
export function foldStatus(current: string | undefined, statuses: string[]): string | undefined {
  let status = current;
  for (const s of statuses) {
    if (!isRunStatus(s)) continue;
    if (status === undefined || !isRunStatus(status) || shouldReplaceStatus(status, s)) status = s;
  }
  return status;
}

/** Statuses an item may hold for `next` to replace it (the fast path's condition). */
export function statusesReplaceableBy(next: RunStatus): RunStatus[] {
  return RUN_STATUSES.filter((s) => statusRank(s) <= statusRank(next));
}

export function toLogEntry(e: AuditEntry): LogEntry {
  return { status: e.status, ts_event: e.ts_event, tu_event: e.tu_event, info: e.info };
}

/**
 * Fields set when `entries` (sorted, new) are appended after everything in the item. `status`
 * is the fold of the entries alone: the caller guarantees (by a condition) that the current
 * status ranks no higher than the first entry's, so the fold from the current status is equal.
 */
export function appendFields(entries: AuditEntry[], ttlSeconds: number): RunItemFields {
  const runEntries = entries.filter((e) => e.runStatus);
  const last = runEntries[runEntries.length - 1];
  const lastMs = entries[entries.length - 1]!.ms;
  return {
    ...(last
      ? {
          status: foldStatus(
            undefined,
            runEntries.map((e) => e.status),
          ),
          ts_event: last.ts_event,
          tu_event: last.tu_event,
        }
      : {}),
    ...(ttlSeconds > 0 ? { ttl: Math.floor(lastMs / 1000 + ttlSeconds) } : {}),
    ms_event: lastMs,
    attributes: mergedAttributes(entries),
  };
}

/**
 * The item after merging `entries` into `item` in any order: the log sorted by event time
 * (stable, so equal times keep arrival order), the status folded over the whole log in time
 * order, ts_event/tu_event of the latest run status. Whatever order events arrive in, the
 * result is the same.
 */
export function mergeIntoItem(
  item: RunItemState,
  entries: AuditEntry[],
  ttlSeconds: number,
): { log: LogEntry[]; fields: RunItemFields } {
  const timed = [
    ...(item.log ?? []).map((l) => ({ l, ms: entryMs(l) })),
    ...entries.map((e) => ({ l: toLogEntry(e), ms: e.ms })),
  ];
  timed.sort((a, b) => a.ms - b.ms);
  const log = timed.map((t) => t.l);
  const runLog = log.filter((l) => isRunStatus(l.status));
  const last = runLog[runLog.length - 1];
  const lastMs = Math.max(item.ms_event ?? 0, ...timed.map((t) => t.ms));
  const firstMs = Math.min(item.ms_first ?? Infinity, ...timed.map((t) => t.ms));
  return {
    log,
    fields: {
      ...(last
        ? {
            status: foldStatus(
              undefined,
              runLog.map((l) => l.status),
            ),
            ts_event: last.ts_event,
            tu_event: last.tu_event,
          }
        : {}),
      ...(ttlSeconds > 0 ? { ttl: Math.floor(lastMs / 1000 + ttlSeconds) } : {}),
      ms_event: lastMs,
      ms_first: firstMs,
      attributes: mergedAttributes(entries),
    },
  };
}

/**
 * Whether `entries` may be prepended without touching the status: only `dispatched` (rank 0,
 * replaced by any later run status), the usual late arrival because the dispatcher publishes
 * it after sending the run message and a quick worker may report `starting` first.
 */
export function isPrependable(entries: AuditEntry[]): boolean {
  return entries.every((e) => e.status === 'dispatched');
}

function mergedAttributes(entries: AuditEntry[]): Record<string, string | null> {
  return Object.assign({}, ...entries.map((e) => e.attributes)) as Record<string, string | null>;
}

function entryMs(l: LogEntry): number {
  const ms = Date.parse(l.ts_event);
  return Number.isNaN(ms) ? Date.parse(`${l.tu_event}Z`) || 0 : ms;
}
