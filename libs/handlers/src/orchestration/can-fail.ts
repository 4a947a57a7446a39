import { BadParametersError } from '../errors';

/** `can_fail`: glob(s) of child ids whose failure does not fail the parent (chain, dag). */
export function canFailGlobs(jobType: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new BadParametersError(jobType, 'can_fail must be a string or a list of strings');
}
