import { deepCopy, isPlainObject, type JsonMap } from '../models/json';

/** How dispatch inputs are merged over the job's. */
export interface MergeOptions {
  /**
   * Merge nested maps recursively instead of replacing top-level keys wholesale. Opt-in: the
   * original merge is one level deep, and existing jobs depend on that. Arrays and scalars are
   * always replaced.
   */
  deep?: boolean;
}

/** The effective run inputs. Always fresh copies: never aliases of the job or the request. */
export interface RunInputs {
  parameters: JsonMap;
  globals: JsonMap;
}

/**
 * Merges dispatch parameters and globals over the job's. The request wins. By default
 * the merge is shallow: `{vars: {keep: 1}}` + `{vars: {location: 'Quito'}}` gives
 * `{vars: {location: 'Quito'}}`. A `lava` global from the request replaces the job's wholesale
 * in both modes (it belongs to Lava).
 *
 * @example mergeRunInputs(job, { parameters: { timeout: '1h' } }).parameters
 */
export function mergeRunInputs(
  job: { parameters?: JsonMap | null; globals?: JsonMap | null },
  request: { parameters?: JsonMap | null; globals?: JsonMap | null },
  opts: MergeOptions = {},
): RunInputs {
  const merge = opts.deep ? deepMerge : shallowMerge;
  const globals = merge(job.globals ?? {}, request.globals ?? {});
  if (request.globals && 'lava' in request.globals) globals.lava = deepCopy(request.globals.lava) ?? null;
  return { parameters: merge(job.parameters ?? {}, request.parameters ?? {}), globals };
}

/** One-level merge of deep copies: each top-level key of `over` replaces the base's. */
export function shallowMerge(base: JsonMap, over: JsonMap): JsonMap {
  return { ...deepCopy(base), ...deepCopy(over) };
}

/** Recursive merge of deep copies: maps merge key by key, anything else from `over` replaces. */
export function deepMerge(base: JsonMap, over: JsonMap): JsonMap {
  const out = deepCopy(base);
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : deepCopy(value);
  }
  return out;
}

/**
 * Globals of an in-process child (chain, dag, foreach): the child's own globals,
 * shallow-updated with the parent's (the parent wins), then the per-iteration values (foreach).
 * Deep copies, so a child can never change the parent's view (the original shared `lava`).
 */
export function mergeChildGlobals(
  childGlobals: JsonMap,
  parentGlobals: JsonMap,
  iterationValues: JsonMap = {},
): JsonMap {
  return { ...deepCopy(childGlobals), ...deepCopy(parentGlobals), ...deepCopy(iterationValues) };
}
