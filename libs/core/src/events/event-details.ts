import type { Duration } from '../values/duration';
import type { Json, JsonMap } from '../models/json';
import type { DetailType } from './contracts';
import type { RunStatus } from './statuses';

/** Detail of `Dispatch Requested` (sources: lava.cli, lava.scheduler, lava.worker, lava.dispatcher, external). */
export interface DispatchRequestedDetail {
  schema_version: number;
  job_id: string;
  realm?: string;
  parameters?: JsonMap;
  globals?: JsonMap;
  delay?: Duration;
  idempotency_key?: string;
  requested_by?: string;
  scheduled_time?: string;
  deep_merge?: boolean;
  /** A fleet-mode parent run to send again (its fleet record must be final). */
  resume_run_id?: string;
  /** W3C traceparent of the requester's span (tracing on). */
  traceparent?: string;
}

/** Detail of `Job Dispatched` (lava.dispatcher). */
export interface JobDispatchedDetail {
  schema_version: number;
  realm: string;
  job_id: string;
  run_id: string;
  worker: string;
  status: 'dispatched';
  ts_dispatch: string;
  queue?: string;
  delay_seconds?: number;
  idempotency_key?: string;
  requested_by?: string;
  conn_ids?: string[];
  /** Sent in the original's message form to a fleet of the original's workers. */
  legacy_worker?: boolean;
  traceparent?: string;
}

/** Detail of `Dispatch Rejected` (lava.dispatcher). */
export interface DispatchRejectedDetail {
  schema_version: number;
  realm: string;
  job_id: string;
  run_id?: string;
  status: 'rejected';
  reason: string;
  code?: string;
  ts_event: string;
  idempotency_key?: string;
  requested_by?: string;
}

/** Detail of every `Job Run *` event (lava.worker). */
export interface RunEventDetail {
  schema_version: number;
  realm: string;
  job_id: string;
  run_id: string;
  worker: string;
  status: RunStatus;
  ts_event: string;
  hostname?: string;
  ts_dispatch?: string;
  instance_id?: string;
  iteration?: number;
  info?: Json;
  /** The fleet-mode foreach or dag run this run is a child of (its `globals.lava.parent_run_id`). */
  parent_run_id?: string;
  traceparent?: string;
}

/** Detail of `Secret Accessed` (lava.secrets-broker). Never carries a secret value. */
export interface SecretAccessedDetail {
  schema_version: number;
  realm: string;
  job_id: string;
  run_id: string;
  conn_id: string;
  ts_event: string;
  worker?: string;
  connection_type?: string;
  traceparent?: string;
}

/** Detail of `Secret Denied` (lava.secrets-broker). */
export interface SecretDeniedDetail {
  schema_version: number;
  realm: string;
  conn_id: string;
  reason: string;
  ts_event: string;
  job_id?: string;
  run_id?: string;
  worker?: string;
  code?: string;
  traceparent?: string;
}

/** Detail of `Schedule Missed` (lava.scheduler). */
export interface ScheduleMissedDetail {
  schema_version: number;
  realm: string;
  job_id: string;
  scheduled_time: string;
  reason: string;
  ts_event: string;
  dispatcher?: string;
}

/** What an operator did through the HTTP API or the CLI (`Operator Action`). */
export type OperatorActionKind = 'dispatch' | 'retry' | 'pause' | 'resume';

/** Detail of `Operator Action` (lava.api, lava.cli): the audit record of one operating request. */
export interface OperatorActionDetail {
  schema_version: number;
  realm: string;
  action: OperatorActionKind;
  principal: string;
  role: 'reader' | 'operator' | 'admin';
  outcome: 'accepted' | 'refused';
  ts_event: string;
  job_id?: string;
  run_id?: string;
  retry_of?: string;
  dispatcher?: string;
  reason?: string;
  code?: string;
}

/**
 * The detail each event type carries: the one typed definition per event, so a sender and a
 * receiver of the same event cannot disagree. A new entry in `DETAIL_TYPES` does not compile
 * until it is added here.
 */
export type EventDetailMap = EveryDetailType<{
  'Dispatch Requested': DispatchRequestedDetail;
  'Job Dispatched': JobDispatchedDetail;
  'Dispatch Rejected': DispatchRejectedDetail;
  'Job Run Started': RunEventDetail;
  'Job Run Succeeded': RunEventDetail;
  'Job Run Failed': RunEventDetail;
  'Job Run Retrying': RunEventDetail;
  'Job Run Skipped': RunEventDetail;
  'Job Run Rejected': RunEventDetail;
  'Job Run Action Failed': RunEventDetail;
  'Secret Accessed': SecretAccessedDetail;
  'Secret Denied': SecretDeniedDetail;
  'Schedule Missed': ScheduleMissedDetail;
  'Operator Action': OperatorActionDetail;
}>;

/** Refuses a map that leaves out an event type. */
type EveryDetailType<M extends Record<DetailType, object>> = M;

/** The detail of `T` as a sender writes it: `schema_version` is filled in when absent. */
export type EventDetailInput<T extends DetailType> = T extends DetailType
  ? Omit<EventDetailMap[T], 'schema_version'> & { schema_version?: number }
  : never;
