import { formatUtcNaive, normalizeTimestamp } from '@lava/core';
import type { Logger } from '@lava/logging';
import type { AuditEntry } from './audit-entry';
import type { WriteOutcome } from './run-history.store';

/**
 * Runs sent to a fleet the original's Python worker still serves (`legacy_workers`) have no
 * dead-letter path: that worker deletes any message it refuses, and it writes its own history
 * straight to the events table. So a run it never starts would stay `dispatched` forever. The
 * audit logger arms a check when it records such a dispatch: a delayed message on its own queue
 * (durable across restarts; SQS delays at most 15 minutes, so longer bounds re-arm). When the
 * bound has passed and the run is still `dispatched`, the run is recorded as `lost`.
 */

/** SQS's longest message delay. */
export const MAX_SQS_DELAY_SECONDS = 900;

/** The body of a start-check message; the marker key keeps it apart from bus events. */
export interface StartCheck {
  lava_start_check: 1;
  job_id: string;
  run_id: string;
  /** Epoch ms after which a run still `dispatched` is lost. */
  due_ms: number;
  /** When the run was dispatched (naive UTC ISO as stored), for the lost entry's info. */
  ts_dispatch: string;
}

/** What to do when a start check comes due. */
export type StartCheckDecision =
  { kind: 'started' } | { kind: 'rearm'; delaySeconds: number } | { kind: 'lost' };

/** Pure: decides a start check from the run's current status and the clock. */
export function decideStartCheck(
  status: string | undefined,
  dueMs: number,
  nowMs: number,
): StartCheckDecision {
  // `undefined`: no item at all (expired by TTL, or deleted): nothing to watch any more.
  if (status !== 'dispatched') return { kind: 'started' };
  if (nowMs < dueMs) return { kind: 'rearm', delaySeconds: delayUntil(dueMs, nowMs) };
  return { kind: 'lost' };
}

/** Delay (whole seconds, 1..900) until `dueMs`. */
export function delayUntil(dueMs: number, nowMs: number): number {
  return Math.min(MAX_SQS_DELAY_SECONDS, Math.max(1, Math.ceil((dueMs - nowMs) / 1000)));
}

/** Reads a start check from a queue message body; undefined when the body is something else. */
export function parseStartCheck(body: string): StartCheck | undefined {
  if (!body.includes('"lava_start_check"')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  const v = value as Partial<StartCheck> | null;
  if (
    v?.lava_start_check !== 1 ||
    typeof v.job_id !== 'string' ||
    typeof v.run_id !== 'string' ||
    typeof v.due_ms !== 'number' ||
    typeof v.ts_dispatch !== 'string'
  )
    return undefined;
  return v as StartCheck;
}

/** Whether a recorded entry is a dispatch to a legacy fleet, which needs a start check. */
export function needsStartCheck(entry: AuditEntry): boolean {
  const info = entry.info as { legacy_worker?: unknown } | null;
  return entry.status === 'dispatched' && info?.legacy_worker === true;
}

/** The `lost` entry for a run that was not started within the bound. */
export function lostEntry(check: StartCheck, now: Date, boundSeconds: number): AuditEntry {
  const ts = normalizeTimestamp(now.toISOString());
  return {
    event_id: `start-check:${check.run_id}`,
    job_id: check.job_id,
    run_id: check.run_id,
    status: 'lost',
    runStatus: true,
    ts_event: ts,
    tu_event: formatUtcNaive(now),
    ms: now.getTime(),
    info: {
      reason: `not started within ${boundSeconds}s of dispatch (dispatched ${check.ts_dispatch}); the fleet's worker may have refused the message`,
      ts_dispatch: check.ts_dispatch,
    },
    attributes: {},
  };
}

/** Ports of the start watch: its own queue, the run's current status, the history writer. */
export interface StartWatchPorts {
  send(body: string, delaySeconds: number): Promise<void>;
  status(jobId: string, runId: string): Promise<string | undefined>;
  writer: { add(entry: AuditEntry): Promise<WriteOutcome> };
  logger: Logger;
  now?: () => Date;
}

/** Arms start checks for legacy dispatches and settles them when they come due. */
export class StartWatch {
  private readonly now: () => Date;

  constructor(
    private readonly ports: StartWatchPorts,
    /** How long a legacy run may stay `dispatched` before it is recorded as lost. */
    private readonly boundSeconds: number,
  ) {
    this.now = ports.now ?? (() => new Date());
  }

  /** Arms a check for a recorded dispatch entry (the bound counts from the dispatch time). */
  async arm(entry: AuditEntry): Promise<void> {
    const check: StartCheck = {
      lava_start_check: 1,
      job_id: entry.job_id,
      run_id: entry.run_id,
      due_ms: entry.ms + this.boundSeconds * 1000,
      ts_dispatch: entry.ts_event,
    };
    await this.ports.send(JSON.stringify(check), delayUntil(check.due_ms, this.now().getTime()));
  }

  /** Settles a due check: nothing when the run started, re-armed when early, `lost` otherwise. */
  async settle(check: StartCheck): Promise<StartCheckDecision> {
    const status = await this.ports.status(check.job_id, check.run_id);
    const now = this.now();
    const decision = decideStartCheck(status, check.due_ms, now.getTime());
    if (decision.kind === 'rearm') await this.ports.send(JSON.stringify(check), decision.delaySeconds);
    if (decision.kind === 'lost') {
      await this.ports.writer.add(lostEntry(check, now, this.boundSeconds));
      this.ports.logger.warn('run never started', {
        job_id: check.job_id,
        run_id: check.run_id,
        ts_dispatch: check.ts_dispatch,
        bound_seconds: this.boundSeconds,
      });
    }
    return decision;
  }
}
