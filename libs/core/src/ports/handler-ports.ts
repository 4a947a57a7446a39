// Ports of a run: what a job handler may touch. Each side effect sits behind one of these
// interfaces; the worker wires AWS adapters (libs/aws) to them, tests wire doubles.
import type { Readable } from 'node:stream';
import type { Logger } from '@lava/logging';
import type { EcsTaskRunner } from './ecs-task-runner';
import type { FleetRecord } from '../models/fleet';

/** The augmented job spec that handlers and templates see as `job`: the job record plus the run's ids and times. */
export interface RunJob {
  job_id: string;
  type: string;
  worker: string;
  payload: unknown;
  parameters: Record<string, unknown>;
  globals: Record<string, unknown>;
  state: Record<string, unknown>;
  owner?: string;
  run_id: string;
  /** Realm name; the whole realm record is `HandlerContext.realm`. */
  realm: string;
  ts_dispatch: Date;
  ts_start: Date;
  ts_ustart: Date;
  [field: string]: unknown;
}

/** A handler's result map (conventionally with `exit_status`). */
export type HandlerResult = Record<string, unknown>;

/** One payload entry downloaded into its own private directory (v2 downloader semantics). */
export interface DownloadedPayload {
  entry: string;
  dir: string;
  /** Local file paths in key order. */
  files: string[];
}

/** Fetches payloads from `<s3_payloads>/<entry>`. */
export interface PayloadSource {
  /** Throws JobFailedError when an entry yields no object or an object is larger than `maxBytes`. */
  download(entries: string[], intoDir: string, maxBytes: number): Promise<DownloadedPayload[]>;
}

/** Writes run outputs under `s3tmp` (`<s3_temp>/<job_id>/<run_id>`). */
export interface OutputSink {
  /** `s3://bucket/prefix` of this run's outputs. */
  readonly prefix: string;
  /** Uploads one object under the prefix and returns its `s3://` URI. */
  put(name: string, body: Buffer | string | Readable): Promise<string>;
}

/** A request to dispatch another job (dispatch job type and dispatch action). */
export interface ChildDispatch {
  job_id: string;
  parameters?: Record<string, unknown>;
  globals?: Record<string, unknown>;
  delay_seconds?: number;
  /** A retried dispatch with the same key never makes a second run (fleet-mode children). */
  idempotency_key?: string;
  /** Who asked, for the run's `dispatched` entry. */
  requested_by?: string;
}

export interface DispatchPort {
  dispatch(request: ChildDispatch): Promise<{ run_id?: string }>;
  /** Why `jobId` cannot be dispatched (no such job, its worker has no queue), or undefined when it can. */
  check(jobId: string): Promise<string | undefined>;
}

/** Outcome of an in-process child run (chain): the child's final status and result. */
export interface ChildOutcome {
  status: string;
  result: Record<string, unknown>;
}

/** Per-child extras of an in-process run (foreach iterations). */
export interface ChildRunOptions {
  /** Globals laid over the child's merged globals (foreach generator values win). */
  globals?: Record<string, unknown>;
  /** Keys set in the child's `globals.lava` (e.g. `foreach_index`). */
  lava?: Record<string, unknown>;
}

export interface ChildRunner {
  /** Runs `jobId` in process under the parent's run_id (a chain, foreach or dag member). */
  run(jobId: string, parent: RunJob, options?: ChildRunOptions): Promise<ChildOutcome>;
}

/** A fleet-mode parent's children record, bound to the running parent (top-level runs only). */
export interface FleetPort {
  /** This run's stored fleet, if it has one. */
  find(): Promise<FleetRecord | undefined>;
  /**
   * Stores `draft` as this run's fleet unless one exists (a redelivered or resumed parent), and
   * returns the stored record. The port fills in `worker` and `resume`.
   */
  open(draft: Omit<FleetRecord, 'worker' | 'resume' | 'version'>): Promise<FleetRecord>;
}

/** Resolved connection details for one conn_id, released by the secrets broker. */
export interface ConnectionSource {
  get(connId: string): Promise<Record<string, unknown>>;
}

/** Reads S3 objects a job names outside the payload area (db_from_s3 sources). */
export interface ObjectSource {
  /** Size of `s3://bucket/key`, or undefined when there is no such object. */
  head(uri: string): Promise<{ size: number } | undefined>;
  /** The object's body, streamed. */
  get(uri: string): Promise<Readable>;
  /** Every object under `prefix` (recursive, key order), as S3 lists them (foreach `s3list`). */
  list?(bucket: string, prefix: string): AsyncIterable<S3ObjectSummary>;
  /** Writes `s3://bucket/key` (SSE-KMS with `kmsKeyId` when given); jobs that deliver files to S3. */
  put?(uri: string, body: Readable | Buffer, options?: { kmsKeyId?: string }): Promise<void>;
  /** Bucket security settings as S3 reports them (redshift_unload's bucket check). */
  readonly buckets?: BucketSettingsReader;
}

/** One grant of a bucket ACL: `uri` for groups, `id` for canonical users. */
export interface BucketGrant {
  type: string;
  uri?: string;
  id?: string;
  permission: string;
}

/**
 * Reads the bucket settings redshift_unload checks before a cluster writes there. Each read
 * fails with the SDK's error when S3 will not say (no such bucket, access denied).
 */
export interface BucketSettingsReader {
  /** Canonical user id of the caller's account (ListBuckets owner). */
  callerCanonicalId(): Promise<string>;
  /** Owner and grants of the bucket ACL. */
  acl(bucket: string): Promise<{ ownerId: string; grants: BucketGrant[] }>;
  /** SSE algorithm of the bucket's default encryption; undefined when it has none. */
  defaultEncryption(bucket: string): Promise<string | undefined>;
  /** Where server access logs go (`s3://bucket/prefix`); undefined when logging is off. */
  loggingTarget(bucket: string): Promise<string | undefined>;
}

/** One listed S3 object, with S3's field names (foreach `s3list` puts it in `globals.s3obj`). */
export interface S3ObjectSummary {
  Bucket: string;
  Key: string;
  LastModified?: string;
  ETag?: string;
  Size?: number;
  StorageClass?: string;
}

/**
 * Jinja rendering with the run's full context (job, realm, globals, state, start, ustart, utils).
 * Asynchronous: the worker renders on its render threads, off the event loop.
 */
export interface RunRenderer {
  render(template: string, field: string, extra?: Record<string, unknown>): Promise<string>;
  renderJson<T>(value: T, field: string, extra?: Record<string, unknown>): Promise<T>;
}

/**
 * `bwrap` (a bubblewrap sandbox per process), `uid` (each run under its own unprivileged uid, for
 * hosts without user namespaces such as ECS Fargate) or `none` (the explicit, weaker fallback).
 */
export type JobIsolationMode = 'bwrap' | 'uid' | 'none';

/** What a sandbox launches: argv in `cwd`, seeing `runDir` (and `writable`) as its only writable paths. */
export interface SandboxSpec {
  argv: string[];
  /** Working directory; inside `runDir`. */
  cwd: string;
  /** The run's private directory: the only writable place the job sees besides `writable`. */
  runDir: string;
  /** Host paths a connection the run was granted needs (a SQLite database's directory). */
  writable?: readonly string[];
}

/**
 * How a job process is launched. Every executable a job runs (cmd, exe, pkg, sqlc clients) goes
 * through one, chosen once per worker by `LAVA_JOB_ISOLATION` (docs/job-isolation.md).
 */
export interface JobSandbox {
  readonly mode: JobIsolationMode;
  /**
   * The command line that runs `spec.argv` inside the sandbox. The launcher must make the job die
   * with its worker and see only `runDir` writable; callers pass the job's whole environment as
   * the spawn environment.
   */
  wrap(spec: SandboxSpec): string[];
  /**
   * Called once per top-level run before its directory is used: a sandbox that gives each run its
   * own identity takes one here (and may wait for one to become free while `signal` allows).
   */
  openRun?(runDir: string, signal: AbortSignal): Promise<void>;
  /** Called before each process of the run starts: hands what the worker wrote in `runDir` to the run. */
  prepare?(spec: SandboxSpec): Promise<void>;
  /** Called once when the run ends, before its directory is removed: no process of the run survives it. */
  closeRun?(runDir: string): Promise<void>;
}

/** Everything a handler may touch; each side effect sits behind one of these ports. */
export interface HandlerContext {
  job: RunJob;
  realmRecord: Record<string, unknown>;
  /** Private run directory (`<worker tmp>/<run_id>`), shared with in-process children. */
  runDir: string;
  dev: boolean;
  /** Aborted on worker shutdown: handlers stop their work and kill their processes. */
  signal: AbortSignal;
  logger: Logger;
  /** Config lookup: env `LAVA_<KEY>`, then realm config, then the built-in default. */
  config(key: string): string | undefined;
  /** The worker's own environment: only its allow-listed part reaches executables (handlers' `jobBaseEnv`). */
  baseEnv: Readonly<Record<string, string | undefined>>;
  /** Variables wrappers add for this run's executables (connection helpers `LAVA_CONN_*`). */
  jobEnv?: Readonly<Record<string, string>>;
  /** Launches every job process (bubblewrap, or the explicit unconfined fallback). */
  sandbox: JobSandbox;
  payloads: PayloadSource;
  outputs: OutputSink;
  dispatcher: DispatchPort;
  children: ChildRunner;
  connections: ConnectionSource;
  /** S3 object reads (db_from_s3). Optional until every host wires it; handlers that need it fail clearly. */
  objects?: ObjectSource;
  /** ECS tasks (the `ecs` job type). Optional: hosts without it make ecs jobs fail clearly. */
  ecs?: EcsTaskRunner;
  /** Fleet-mode foreach and dag. Absent for in-process children and hosts without a fleet store. */
  fleet?: FleetPort;
  /** Where a running process's output goes while it runs (live logs); absent: only at the end. */
  liveLogs?: LiveLogSink;
  renderer: RunRenderer;
}

/** The two captured streams of a job process. */
export type LogStream = 'stdout' | 'stderr';

/**
 * Live logs of a run: text a job process wrote since the last append, in order, while it runs.
 * The full streams are still uploaded as outputs when the process ends.
 */
export interface LiveLogSink {
  append(stream: LogStream, text: string): Promise<void>;
}

/** One part of a run's live logs, as a follower reads it back. */
export interface LiveLogPart {
  /** The part's name, which sorts in write order: pass it back as the cursor of what follows. */
  part: string;
  stream: LogStream;
  text: string;
}
