import type { Action } from './action';
import type { Json } from './json';

/** A `lava.realms` record. Unknown fields are tolerated (some subsystems read them). */
export interface RealmSpec {
  realm: string;
  s3_payloads: string;
  s3_temp: string;
  s3_key?: string;
  /** Worker configuration overrides. Keys are matched case-insensitively. */
  config: Record<string, Json>;
  on_success?: Action[];
  on_fail?: Action[];
  on_retry?: Action[];
  [other: string]: unknown;
}
