import type { StateRecord, StateType } from '@lava/core';
import { BadItemError, LavaAwsError } from '../errors';

/**
 * A decoded state item: the stored record with `value` decoded by type (a `secure` value is
 * decrypted by the repository, which holds the cipher).
 */
export type StateEntry = StateRecord;

const REQUIRED = ['state_id', 'type', 'value', 'timestamp', 'ttl'];
const ALLOWED = new Set([...REQUIRED, 'publisher']);

function unsupported(type: string): LavaAwsError {
  return new LavaAwsError('STATE_TYPE_UNSUPPORTED', `${type}: No such state type`);
}

/** Encode a value for storage under `type`; `secure` values are the encrypted `json` text. */
export function encodeStateValue(type: Exclude<StateType, 'secure'>, value: unknown): unknown {
  if (type === 'json') return stateJson(value);
  if (type === 'raw') return value;
  throw unsupported(type);
}

/** The JSON text of a `json` or `secure` value. */
export function stateJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** A stored `secure` value must be DynamoDB Binary, as the original writes and requires. */
export function secureBlob(table: string, value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new BadItemError(
    table,
    `Expected DynamoDB Binary type for secure state item value - got ${typeof value}`,
  );
}

/**
 * Check a stored item exactly as the original reader does (required keys, only `publisher`
 * extra, so items stay readable by Python readers) and decode its value; a `secure` value is
 * checked to be Binary and left encrypted.
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
  else if (type === 'secure') value = secureBlob(table, raw);
  else throw new BadItemError(table, `Unknown state type: ${String(type)}`);
  return { ...(item as unknown as StateEntry), value };
}
