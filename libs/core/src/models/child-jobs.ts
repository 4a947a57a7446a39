import { isPlainObject } from './json';

/** Job types whose payload names child jobs that run in process under the parent's run. */
export const IN_PROCESS_PARENT_TYPES = ['chain', 'foreach', 'dag'] as const;

/**
 * The job ids a chain, foreach or dag job runs as children (with `parameters.job_prefix`
 * applied), in payload order, unique. Other job types, and payloads that are not in one of
 * these shapes, have none: the handler reports the bad payload when the job runs.
 *
 * @example childJobIds({ type: 'dag', payload: { d: ['b', 'c'], b: 'a', c: 'a' } }) → ['d', 'b', 'c', 'a']
 */
export function childJobIds(job: { type?: unknown; payload?: unknown; parameters?: unknown }): string[] {
  const params = isPlainObject(job.parameters) ? job.parameters : {};
  const prefix = typeof params.job_prefix === 'string' ? params.job_prefix : '';
  const ids = rawChildIds(job.type, job.payload).map((id) => prefix + id);
  return [...new Set(ids)];
}

function rawChildIds(type: unknown, payload: unknown): string[] {
  if (type === 'chain') return idList(payload);
  if (type === 'foreach') return typeof payload === 'string' && payload.trim() ? [payload.trim()] : [];
  if (type === 'dag' && isPlainObject(payload)) {
    return Object.entries(payload).flatMap(([id, before]) => [
      id,
      ...(before === null || before === undefined ? [] : idList(before)),
    ]);
  }
  return [];
}

/** A list of ids or a comma-separated string (chain and dispatch payloads, dag predecessors). */
export function idList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  if (typeof value === 'string')
    return value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  return [];
}
