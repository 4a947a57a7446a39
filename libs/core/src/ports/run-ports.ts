// Ports of the run algorithm (libs/runner): events, ledger, job and state reads, actions,
// rendering. The AWS adapters in libs/aws implement them.
import type { RunStatus } from '../events/statuses';
import type { FleetRecord } from '../models/fleet';
import type { ActionListName } from './action-ports';
import type { ConnectionSource, HandlerContext, ObjectSource, RunJob, RunRenderer } from './handler-ports';

/** One lifecycle event of a run; published on the bus as `Job Run <...>`. */
export interface RunEvent {
  job_id: string;
  run_id: string;
  status: RunStatus;
  info: unknown;
  ts_dispatch: string;
  /** Event time. */
  ts_event: Date;
  /** The fleet-mode parent run, for a child run of one (`globals.lava.parent_run_id`). */
  parent_run_id?: string;
}

export interface RunEventSink {
  /** Records one event; may return before it is delivered (see `settle`). */
  record(event: RunEvent): Promise<void>;
  /** Resolves once every event of the run is delivered; rejects if one could not be. */
  settle?(runId: string): Promise<void>;
}

/** Reads job records (raw, as stored) for intake and in-process children. */
export interface JobSource {
  get(jobId: string): Promise<Record<string, unknown> | undefined>;
}

/** Reads state items: `undefined` when the item does not exist. */
export interface StateSource {
  get(stateId: string): Promise<{ value: unknown } | undefined>;
}

/** Runs one action list in order; rejects with the first failure (`<list> action: <type>: <cause>`). */
export interface ActionPort {
  run(list: ActionListName, actions: unknown[], scope: ActionScope): Promise<void>;
}

export interface ActionScope {
  job: RunJob;
  realmRecord: Record<string, unknown>;
  result: Record<string, unknown>;
  /** Connections under the run's grant (email and slack actions). */
  connections?: ConnectionSource;
  /** S3 reads (email attachments from the run's outputs). */
  objects?: ObjectSource;
  /** The run directory (local email attachments). */
  runDir?: string;
}

/**
 * Remembers finished runs so a redelivered message never runs a run twice, and leases running
 * ones so a duplicate delivery waits instead of running in parallel. Each claim gets a new
 * fencing token; renewing and finishing need the current one.
 */
export interface RunLedger {
  /** Claims `run_id` for this worker until `leaseUntil` (only a new run or an expired lease). */
  claim(runId: string, owner: string, leaseUntil: Date): Promise<ClaimResult>;
  /** Moves the lease (a past time releases it); false when this claim is no longer current. */
  extend(runId: string, owner: string, fence: number, leaseUntil: Date): Promise<boolean>;
  /** Marks the run finished; false when this claim is no longer current. */
  finish(runId: string, owner: string, fence: number, status: string): Promise<boolean>;
}

export type ClaimResult =
  | { outcome: 'claimed'; fence: number }
  | { outcome: 'finished'; status: string }
  | { outcome: 'busy'; owner: string; leaseUntil: Date };

/** Jinja rendering over a run's context (adapter over @lava/templating). */
export interface TemplateEngine {
  /**
   * A renderer bound to `context` (`job`, `realm`, `globals`, `state`, `start`, `result`...):
   * the template context is built once for the scope (an iteration, an action list) and
   * reused by its every render, each call's `extra` laid over it for that render only.
   *
   * @example
   * ```ts
   * const renderer = templates.bind({ job, realm: realmRecord, globals: job.globals, state: job.state, start: job.ts_start });
   * renderer.render('{{ vars.day }}', 'args[0]', { vars: { day: 'mon' } });
   * ```
   */
  bind(context: Record<string, unknown>): RunRenderer;
}

/** Side-effect ports a handler context needs that depend on the run (outputs, payloads...). */
export type HandlerPorts = Pick<
  HandlerContext,
  'payloads' | 'outputs' | 'dispatcher' | 'connections' | 'objects' | 'ecs' | 'liveLogs'
>;

export interface HandlerPortFactory {
  /** Ports for `job` (outputs under `<s3_temp>/<job_id>/<run_id>`, connections under its grant). */
  forJob(job: RunJob, realmRecord: Record<string, unknown>, grant: string | undefined): HandlerPorts;
}

/** How a run ended, as the worker needs it to acknowledge or release its message. */
export interface RunOutcome {
  status: RunStatus;
  result: Record<string, unknown>;
  /** Set when the run continues later: the message is released with this delay. */
  resumeAt?: { iteration: number; delaySeconds: number };
  /** Set when the run waits for its fleet-mode children: the message is acknowledged, the run not finished. */
  parked?: true;
}

/** Where fleet records live (the realm's state table, in production). */
export interface FleetStore {
  /** The fleet of parent run `parentRunId`, if it has one. */
  get(parentRunId: string): Promise<FleetRecord | undefined>;
  /** Writes `record` (and its children's links) unless the parent has one; returns the stored record. */
  create(record: FleetRecord): Promise<FleetRecord>;
}
