import type { FleetRecord, LavaEventEntry, LiveLogPart } from '@lava/core';

/** A stored record (job, trigger, rule): plain JSON attributes. */
export type StoredRecord = Record<string, unknown>;

/** A run's events item as the audit logger stores it (bookkeeping already removed). */
export interface RunRecord extends Record<string, unknown> {
  job_id: string;
  run_id: string;
  status?: string;
  tu_event?: string;
  ts_dispatch?: string;
  log?: Array<{ status: string; ts_event: string; tu_event?: string; info: unknown }>;
}

/** Jobs of the realm (the jobs table). */
export interface JobReader {
  get(jobId: string): Promise<StoredRecord | undefined>;
  list(): Promise<StoredRecord[]>;
}

/** Run history (the events table). */
export interface RunReader {
  /** Runs of one job, newest first. */
  listRuns(jobId: string, limit: number): Promise<RunRecord[]>;
  /** Runs across jobs whose latest event is at or after `since` (naive UTC), newest first. */
  recent(query: { since?: string; statuses?: string[]; limit?: number }): Promise<RunRecord[]>;
  /** Every item with this run_id: the run and the children that share its id, oldest first. */
  findByRunId(runId: string): Promise<RunRecord[]>;
}

/** One output object of a run. */
export interface OutputObject {
  uri: string;
  name: string;
  size: number;
}

/** Run outputs (`<s3_temp>/<job_id>/<run_id>/`). */
export interface OutputReader {
  list(jobId: string, runId: string): Promise<OutputObject[]>;
  read(uri: string): Promise<string>;
  /** Live log parts of the run written after the part named `after` (all when absent), in order. */
  live(jobId: string, runId: string, after?: string): Promise<LiveLogPart[]>;
}

/** One part of a run's live logs (defined in core, beside the sink the worker writes them with). */
export type { LiveLogPart } from '@lava/core';

/** The backlog of one realm queue and of its dead-letter queue. */
export interface QueueDepth {
  /** `lava-<realm>-<name>`. */
  queue: string;
  /** `worker` for a worker fleet's queue, `service` for dispatch, audit and s3events. */
  kind: 'worker' | 'service';
  /** The fleet or service name (`core`, `dispatch`...). */
  name: string;
  /** Messages waiting (ApproximateNumberOfMessages). */
  visible: number;
  /** Received and not yet deleted: runs in progress on a worker queue. */
  in_flight: number;
  /** Sent with a delay that has not passed yet. */
  delayed: number;
  /** Messages in `<queue>-dlq`; null when the queue has no DLQ. */
  dead_letter: number | null;
}

export interface QueueReader {
  depths(): Promise<QueueDepth[]>;
}

/** S3 triggers and EventBridge rule triggers. */
export interface TriggerReader {
  s3Triggers(): Promise<StoredRecord[]>;
  rules(): Promise<StoredRecord[]>;
}

/** A paused dispatcher, as stored. */
export interface DispatcherPause {
  dispatcher: string;
  paused_at: string;
  paused_by: string;
  reason?: string;
}

/** Paused dispatchers (the scheduler skips their fires). */
export interface PauseStore {
  all(): Promise<DispatcherPause[]>;
  store(dispatcher: string, pause: DispatcherPause): Promise<void>;
  remove(dispatcher: string): Promise<boolean>;
}

/** The realm bus. */
export interface EventSink {
  publish(entries: LavaEventEntry[]): Promise<unknown>;
}

/** Everything the read-and-operate API touches, injected by the service's composition root. */
export interface OperationsPorts {
  realm: string;
  jobs: JobReader;
  runs: RunReader;
  outputs: OutputReader;
  queues: QueueReader;
  triggers: TriggerReader;
  pauses: PauseStore;
  /** Fleet records of fleet-mode foreach and dag runs (`lava.fleet/<run_id>` in the state table). */
  fleets: { get(parentRunId: string): Promise<FleetRecord | undefined> };
  bus: EventSink;
  /** The scheduler's default zone for jobs without a `timezone` (its CRON_TZ). */
  defaultTimezone: string;
  clock: () => Date;
}
