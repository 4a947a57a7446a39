/**
 * Run statuses of the original Lava plus `dispatched`, written when the dispatcher sends the run message (an
 * improvement: the original recorded nothing at dispatch time).
 */
export const RUN_STATUSES = [
  'dispatched',
  'lost',
  'skipped',
  'starting',
  'rejected',
  'logging',
  'running',
  'retrying',
  'waiting',
  'complete',
  'failed',
  'action_failed',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The statuses by name, for code that reads `STATUS.actionFailed` better than a literal. */
export const STATUS = {
  dispatched: 'dispatched',
  lost: 'lost',
  starting: 'starting',
  running: 'running',
  retrying: 'retrying',
  waiting: 'waiting',
  complete: 'complete',
  failed: 'failed',
  skipped: 'skipped',
  rejected: 'rejected',
  logging: 'logging',
  actionFailed: 'action_failed',
} as const satisfies Record<string, RunStatus>;

/** Statuses after which no further run progress is expected (actions may still follow). */
export const TERMINAL_STATUSES: readonly RunStatus[] = [
  'skipped',
  'rejected',
  'complete',
  'failed',
  'action_failed',
];

// Progress order. Equal ranks may follow each other in any order (running <-> retrying);
// `action_failed` comes after a terminal outcome because actions run after it.
const RANK: Record<RunStatus, number> = {
  dispatched: 0,
  // Recorded by the audit logger when a run sent to a `legacy_workers` fleet is not started
  // within a bound; the rank of `dispatched` so any later progress of the run replaces it.
  lost: 0,
  starting: 1,
  logging: 2,
  running: 2,
  retrying: 2,
  // A fleet-mode foreach or dag whose children run as runs of their own; resumes when they end.
  waiting: 2,
  skipped: 3,
  rejected: 3,
  complete: 3,
  failed: 3,
  action_failed: 4,
};

export function isRunStatus(value: unknown): value is RunStatus {
  return typeof value === 'string' && (RUN_STATUSES as readonly string[]).includes(value);
}

/** Progress rank of a status: 0 dispatched, 1 starting, 2 in progress, 3 outcome, 4 action_failed. */
export function statusRank(status: RunStatus): number {
  return RANK[status];
}

export function isTerminalStatus(status: RunStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/**
 * Whether an events item whose top-level status is `current` may take `next` as its new status.
 * Events arrive at least once and out of order; a late `running` must not overwrite `complete`.
 * The log entry is appended either way; only the top-level status is protected.
 */
export function shouldReplaceStatus(current: RunStatus | undefined, next: RunStatus): boolean {
  return current === undefined || statusRank(next) >= statusRank(current);
}
