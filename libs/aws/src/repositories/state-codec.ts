import type { StateRecord, StateType } from '@lava/core';
import { BadItemError, LavaAwsError } from '../errors';

/**
 * A decoded state item: the stored record with `value` decoded by type. `secure` (KMS) values are
 * not handled by this adapter.
 */
export type StateEntry = StateRecord;

const REQUIRED = ['state_id', 'type', 'value', 'timestamp', 'ttl'];
const ALLOWED = new Set([...REQUIRED, 'publisher']);

function unsupported(type: string): LavaAwsError {
  return new LavaAwsError('STATE_TYPE_UNSUPPORTED', `${type}: No such state type`);
}

/** Encode a value for storage under `type`. */
export function encodeStateValue(type: StateType, value: unknown): unknown {
  if (type === 'json') return JSON.stringify(value ?? null);
  if (type === 'raw') return value;
  throw unsupported(type);
}

/**
 * Check a stored item exactly as the original reader does (required keys, only `publisher`
 * extra, so items stay readable by Python readers) and decode its value.
 */
export function decodeStateItem(table: string, item: Record<string, unknown>): StateEntry {
  const missing = REQUIRED.filter((k) => !(k in item));
  if (missing.length)
    throw new BadItemError(table, `Bad state item: Missing keys: ${missing.sort().join(', ')}`);
  const extra = Object.keys(item).filter((k) => !ALLOWED.has(k));
  if (extra.length)
    throw new BadItemError(table, `Bad state item: Unexpected keys: ${extra.sort().join(', ')}`);
  const type = item.type as StateType;
  const raw = item.value;
  let value: unknown;
  if (type === 'json') value = JSON.parse(String(raw));
  else if (type === 'raw') value = raw;
  else throw new BadItemError(table, `Unknown state type: ${String(type)}`);
  return { ...(item as unknown as StateEntry), value };
}
