/** Run statuses of the original Lava (reference §5.5) plus `dispatched`. */
export const STATUS = {
  dispatched: 'dispatched',
  starting: 'starting',
  running: 'running',
  retrying: 'retrying',
  complete: 'complete',
  failed: 'failed',
  skipped: 'skipped',
  rejected: 'rejected',
  logging: 'logging',
  actionFailed: 'action_failed',
} as const;

export type RunStatus = (typeof STATUS)[keyof typeof STATUS];

/** How a run ended, as the worker needs it to acknowledge or release its message. */
export interface RunOutcome {
  status: RunStatus;
  result: Record<string, unknown>;
  /** Set when the run continues later: the message is released with this delay. */
  resumeAt?: { iteration: number; delaySeconds: number };
}
