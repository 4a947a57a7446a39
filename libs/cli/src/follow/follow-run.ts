import { isRunStatus, isTerminalStatus } from '@lava/core';
import { EventsRepository, type RunEventItem } from '../aws';
import type { CliContext } from '../cli-context';
import { CliError } from '../errors';
import { displayTime } from '../output/time';

/** A run the CLI waits for. */
export interface RunRef {
  job_id: string;
  run_id: string;
}

/** How `followRun` polls. */
export interface FollowOptions {
  /** Between two reads of the events table. */
  pollMs: number;
  /** Give up after this long (undefined: wait until the run ends). */
  timeoutMs?: number;
  /** Called with each new entry of the run's event log, in order. */
  onEvent?: (entry: { status: string; ts_event: string; info: unknown }) => void;
  /** Called once per read of the events table, before the run is checked for its end (live logs). */
  onPoll?: () => Promise<void>;
}

/** Exit status of `lava dispatch --wait` and `lava logs --follow` for a run's final status. */
export const RUN_EXIT_CODES: Readonly<Record<string, number>> = {
  complete: 0,
  failed: 4,
  action_failed: 4,
  rejected: 5,
  skipped: 5,
};

/** The run did not end within `--timeout`. */
export const WAIT_TIMEOUT_EXIT = 6;

/** Exit code for a final status: 0 only for `complete`. */
export function runExitCode(status: string | undefined): number {
  return status !== undefined && status in RUN_EXIT_CODES ? RUN_EXIT_CODES[status]! : 1;
}

/** True once no further progress is expected (actions may still add `action_failed`). */
export function isFinished(item: RunEventItem | undefined): boolean {
  return Boolean(item && isRunStatus(item.status) && isTerminalStatus(item.status));
}

/**
 * Polls the run's events item until its status is terminal, reporting each new log entry.
 * Resolves to the final item; throws `CliError` (exit 6) when `timeoutMs` passes first.
 */
export async function followRun(ctx: CliContext, run: RunRef, opts: FollowOptions): Promise<RunEventItem> {
  const events = new EventsRepository(ctx.clients().dynamo, ctx.realm());
  const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
  let seen = 0;
  for (;;) {
    const item = await events.getRun(run.job_id, run.run_id);
    await opts.onPoll?.();
    const log = item?.log ?? [];
    for (const entry of log.slice(seen)) opts.onEvent?.(entry);
    seen = Math.max(seen, log.length);
    if (item && isFinished(item)) return item;
    if (Date.now() + opts.pollMs > deadline) {
      const status = item?.status ?? 'not yet recorded';
      throw new CliError(
        'CLI_WAIT_TIMEOUT',
        `run ${run.run_id} of ${run.job_id} did not finish in time (status: ${status})`,
        WAIT_TIMEOUT_EXIT,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, opts.pollMs));
  }
}

/** `2024-05-01T02:00:00+00:00  running  info`: one line per event, as `lava run` shows them. */
export function eventLine(run: RunRef, entry: { status: string; ts_event: string; info: unknown }): string {
  const info =
    entry.info === null || entry.info === undefined || entry.info === ''
      ? ''
      : `  ${typeof entry.info === 'string' ? entry.info : JSON.stringify(entry.info)}`;
  return `${displayTime(entry.ts_event)}  ${run.job_id}  ${run.run_id}  ${entry.status}${info}`;
}
