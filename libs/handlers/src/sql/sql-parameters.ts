import { parseDuration, JobFailedError, type HandlerContext } from '@lava/core';
import {
  OutputFailedError,
  resolveDelimitedOptions,
  SQL_JOB_CSV_DEFAULTS,
  type DelimitedOptionsInput,
} from '@lava/connectors';
import { BadParametersError } from '../errors';

const TRUE = ['true', 't', 'yes', 'y', '1', 'on'];
const FALSE = ['false', 'f', 'no', 'n', '0', 'off'];

/**
 * One boolean rule for every SQL job parameter: JSON booleans or the strings true/t/yes/y/1 and
 * false/f/no/n/0 (any case). Unlike the original (Python truthiness), `"false"` means false.
 */
export function boolParameter(jobType: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (TRUE.includes(text)) return true;
  if (FALSE.includes(text)) return false;
  throw new BadParametersError(jobType, `${name} must be a boolean`);
}

/** A required non-empty string parameter (conn_id, db_conn_id, ...). */
export function stringParameter(jobType: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new BadParametersError(jobType, `${name} must be a non-empty string`);
  return value;
}

/** A positive integer parameter, else the config value, else `fallback`. */
export function positiveInt(jobType: string, name: string, value: unknown, fallback: number): number {
  const n = value === undefined || value === null ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 1) throw new BadParametersError(jobType, `${name} must be an integer >= 1`);
  return n;
}

/** An optional duration parameter (seconds or `<n><unit>`) in ms; undefined when absent. */
export function durationMs(jobType: string, name: string, value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  try {
    const ms = Math.round(parseDuration(value) * 1000);
    if (ms <= 0) throw new Error('not positive');
    return ms;
  } catch {
    throw new BadParametersError(jobType, `${name}: bad duration ${JSON.stringify(value)}`);
  }
}

/** `output`: a sub-directory name for outputs, locally and in S3 (`^\w+$`). */
export function outputDirParameter(jobType: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !/^\w+$/.test(value))
    throw new JobFailedError('BAD_JOB_PARAMETERS', 'Bad output parameter: Must be alphanumeric');
  return value;
}

/** The delimited-output parameter names shared by sql, sqli and sqlv. */
export const CSV_PARAMETERS = [
  'delimiter',
  'dialect',
  'doublequote',
  'escapechar',
  'quotechar',
  'quoting',
  'header',
] as const;

/**
 * Delimited-output options: job parameters over config `SQL_*` over the SQL job defaults
 * (`|`, excel line ends, minimal quoting, doubled quotes). Validated here so a bad option fails
 * before any SQL runs.
 */
export function csvOptions(
  ctx: HandlerContext,
  jobType: string,
  /** Realm config key prefix of the defaults (`SQL_`; `SP_LIST_` for the SharePoint list jobs). */
  configPrefix = 'SQL_',
): DelimitedOptionsInput {
  const p = ctx.job.parameters;
  const pick = (name: string): unknown => p[name] ?? ctx.config(`${configPrefix}${name.toUpperCase()}`);
  const escape = pick('escapechar');
  const options: DelimitedOptionsInput = {
    ...SQL_JOB_CSV_DEFAULTS,
    delimiter: charOption(jobType, 'delimiter', pick('delimiter'), SQL_JOB_CSV_DEFAULTS.delimiter!),
    quotechar: charOption(jobType, 'quotechar', pick('quotechar'), SQL_JOB_CSV_DEFAULTS.quotechar!),
    quoting: String(pick('quoting') ?? SQL_JOB_CSV_DEFAULTS.quoting),
    dialect: String(pick('dialect') ?? SQL_JOB_CSV_DEFAULTS.dialect),
    doublequote: boolParameter(
      jobType,
      'doublequote',
      pick('doublequote'),
      SQL_JOB_CSV_DEFAULTS.doublequote!,
    ),
    escapechar:
      escape === undefined || escape === null || escape === '' || String(escape).toLowerCase() === 'none'
        ? null
        : String(escape),
    header: boolParameter(jobType, 'header', p.header, false),
  };
  try {
    resolveDelimitedOptions(options);
  } catch (err) {
    if (err instanceof OutputFailedError) throw new BadParametersError(jobType, err.message);
    throw err;
  }
  return options;
}

function charOption(jobType: string, name: string, value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  const text = String(value);
  // Config values arrive as text, so accept the usual escapes for tab and friends.
  const unescaped = text === '\\t' ? '\t' : text;
  if (unescaped.length !== 1) throw new BadParametersError(jobType, `${name} must be a single character`);
  return unescaped;
}
