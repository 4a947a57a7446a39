import { ConnectionInvalidError } from '../errors';
import type { ConnectionSpec } from './connection';

/** Small typed readers over a spec's loosely typed fields; all failures are CONNECTION_INVALID. */
export function optString(spec: ConnectionSpec, field: string): string | undefined {
  const v = spec[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string')
    throw new ConnectionInvalidError(`${field} must be a string`, { conn_id: spec.conn_id });
  return v;
}

export function reqString(spec: ConnectionSpec, field: string): string {
  const v = optString(spec, field);
  if (v === undefined)
    throw new ConnectionInvalidError(`${field} must be specified`, { conn_id: spec.conn_id });
  return v;
}

export function optBool(spec: ConnectionSpec, field: string, dflt: boolean): boolean {
  const v = spec[field];
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new ConnectionInvalidError(`${field} must be a boolean`, { conn_id: spec.conn_id });
}

export function optInt(spec: ConnectionSpec, field: string): number | undefined {
  const v = spec[field];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new ConnectionInvalidError(`${field} must be an integer`, { conn_id: spec.conn_id });
  return n;
}

export function optStringList(spec: ConnectionSpec, field: string): string[] {
  const v = spec[field];
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw new ConnectionInvalidError(`${field} must be a string or list of strings`, { conn_id: spec.conn_id });
}

const COMMON_FIELDS = new Set(['conn_id', 'type', 'enabled', 'description', 'owner']);

/** Strict connector types (aws, email, slack, generic) reject unknown fields; `x-*` is ignored. */
export function rejectUnknownFields(spec: ConnectionSpec, allowed: readonly string[]): void {
  const ok = new Set(allowed);
  for (const key of Object.keys(spec)) {
    if (COMMON_FIELDS.has(key) || ok.has(key) || key.startsWith('x-')) continue;
    throw new ConnectionInvalidError(`Unexpected field ${key} for ${spec.type} connection`, {
      conn_id: spec.conn_id,
    });
  }
}
