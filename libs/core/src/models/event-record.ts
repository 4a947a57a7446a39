import type { RunStatus } from '../events/statuses';
import type { Json } from './json';

/** One `log` entry of an events item. */
export interface EventLogEntry {
  status: RunStatus;
  ts_event: string;
  tu_event: string;
  info: Json;
}

/** A `lava.<realm>.events` item. Falsy top-level values are stored as NULL. */
export interface EventRecord {
  job_id: string;
  run_id: string;
  status: RunStatus;
  ts_dispatch: string | null;
  ts_event: string;
  tu_event: string;
  ttl?: number | null;
  worker: string | null;
  hostname: string | null;
  worker_id: string | null;
  instance_id?: string;
  log: EventLogEntry[];
}
