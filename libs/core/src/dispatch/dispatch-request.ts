import type { JsonMap } from '../models/json';

/** One dispatch request, from any front end (JSON, CLI-style text, CLI flags, events). */
export interface DispatchRequest {
  job_id: string;
  /** Dispatch parameters, merged over the job's. `{}` when none. */
  parameters: JsonMap;
  /** Dispatch globals, merged over the job's. `{}` when none. */
  globals: JsonMap;
  /** Whole seconds, 0-900 (SQS `DelaySeconds`). */
  delay_seconds: number;
  idempotency_key?: string;
  /** Where the request came from (e.g. a file, `sns`, a trigger id), for logs and events. */
  source?: string;
}

/** Maximum dispatch delay in seconds (SQS limit, `SQS_MAX_DELAY_MINS` x 60). */
export const MAX_DISPATCH_DELAY_SECONDS = 900;
