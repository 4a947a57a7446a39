import type { Duration } from '../values/duration';
import type { Size } from '../values/size';
import type { JsonMap } from './json';

/** Registered trigger conditions; each is allowed as `if_<c>` and `if_not_<c>`. */
export const S3TRIGGER_CONDITIONS = ['fnmatch', 'size_gt', 'event_type'] as const;

/** What every trigger kind (s3triggers, rules) says about the dispatch it asks for. */
export interface TriggerDispatchFields {
  /** Parsed strictly: `"false"` is false (the original used truthiness). */
  enabled: boolean;
  /** Rendered with Jinja (when `jinja`) and sent as dispatch parameters. */
  parameters?: JsonMap;
  /** Rendered the same way and sent as dispatch globals; names may not start with `lava`. */
  globals?: JsonMap;
  /** Default true: render `job_id`, `parameters` and `globals`. */
  jinja: boolean;
  /** Default 0; 0-900 seconds. */
  delay: Duration;
  description?: string;
  owner?: string;
}

/** A `lava.<realm>.s3triggers` record after validation and defaults. */
export interface S3TriggerSpec extends TriggerDispatchFields {
  trigger_id: string;
  bucket: string;
  /** Key prefix without trailing `/`; `*` is the bucket root. */
  prefix: string;
  job_id: string | string[];
  if_fnmatch?: string | string[];
  if_not_fnmatch?: string | string[];
  if_size_gt?: Size;
  if_not_size_gt?: Size;
  if_event_type?: string | string[];
  if_not_event_type?: string | string[];
}
