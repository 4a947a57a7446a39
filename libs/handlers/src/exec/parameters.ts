import { JobFailedError, jobTypeParameterNames, jobTypeSpec } from '@lava/core';
import { BadParametersError } from '../errors';

/** Rejects unknown and missing parameter keys, as every handler but `log` does. */
export function checkParameterKeys(
  jobType: string,
  parameters: Record<string, unknown>,
  allowed: readonly string[],
  required: readonly string[] = [],
): void {
  const unexpected = Object.keys(parameters).filter((k) => !allowed.includes(k) && !/^x-/i.test(k));
  if (unexpected.length)
    throw new BadParametersError(jobType, `Unexpected keys: ${unexpected.sort().join(', ')}`);
  const missing = required.filter((k) => !(k in parameters));
  if (missing.length) throw new BadParametersError(jobType, `Missing keys: ${missing.join(', ')}`);
}

/**
 * `checkParameterKeys` against what `jobType` declares in `@lava/core` (its parameters and the
 * required ones), the one list that is also validated before runs and documented.
 */
export function checkDeclaredParameters(jobType: string, parameters: Record<string, unknown>): void {
  checkParameterKeys(
    jobType,
    parameters,
    jobTypeParameterNames(jobType),
    jobTypeSpec(jobType)?.required ?? [],
  );
}

/** `parameters.args`: strings and numbers appended to argv. */
export function argsParameter(jobType: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw new BadParametersError(jobType, 'args must be a list of strings or numbers');
  }
  return value.map(String);
}

/** `parameters.env`: a map of string values. */
export function envParameter(jobType: string, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new BadParametersError(jobType, 'env must be a map');
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string')
      throw new JobFailedError('BAD_ENVIRONMENT', `Bad environment variable: ${k} must be a string`);
  }
  return value as Record<string, string>;
}

/** `parameters.vars`: a map exposed to templates as `vars`. */
export function varsParameter(jobType: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new BadParametersError(jobType, 'vars must be a map');
  return value as Record<string, unknown>;
}

/** `parameters.jinja`: rendering on unless explicitly false. */
export function jinjaParameter(value: unknown): boolean {
  return !(
    value === false ||
    (typeof value === 'string' && ['false', 'f', 'no', 'n', '0'].includes(value.toLowerCase()))
  );
}

/** A list payload or comma-separated string of ids (chain, dispatch). */
export function jobIdList(payload: unknown): string[] {
  if (Array.isArray(payload)) return payload.map((v) => String(v).trim()).filter(Boolean);
  if (typeof payload === 'string')
    return payload
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  throw new JobFailedError('BAD_PAYLOAD', 'payload must be a list of job ids or a comma-separated string');
}
