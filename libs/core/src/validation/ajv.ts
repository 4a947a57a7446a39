import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parseBoolean } from '../values/boolean';
import { parseDuration } from '../values/duration';
import { parseInteger } from '../values/integer';
import { parseS3Location } from '../values/s3-location';
import { parseSize } from '../values/size';
import { parseTimestamp } from '../values/timestamp';
import { isValidTimeZone } from '../values/timezone';
import { pathSafetyProblem } from '../values/path-safe';

/**
 * Lava value formats as an ajv keyword (`lavaFormat: "duration"`). A keyword rather than ajv's
 * `format`, because durations and sizes may be numbers as well as strings.
 * Each checker returns an error message, or undefined when the value is fine.
 */
const LAVA_FORMATS: Record<string, (value: unknown) => string | undefined> = {
  duration: (v) => attempt(() => parseDuration(v)),
  'nonneg-duration': (v) =>
    attempt(() => parseDuration(v)) ?? (parseDuration(v) < 0 ? 'must not be negative' : undefined),
  delay: (v) => attempt(() => parseDuration(v)) ?? delayRange(parseDuration(v)),
  size: (v) => attempt(() => parseSize(v)),
  boolean: (v) => attempt(() => parseBoolean(v)),
  posint: (v) => attempt(() => parseInteger(v, { min: 1 })),
  timestamp: (v) => attempt(() => parseTimestamp(v)),
  's3-location': (v) => attempt(() => parseS3Location(v as string)),
  'job-id': (v) => pathSafetyProblem('job_id', v),
  'worker-name': (v) => pathSafetyProblem('worker', v),
  timezone: (v) =>
    typeof v === 'string' && isValidTimeZone(v)
      ? undefined
      : `Bad timezone: ${JSON.stringify(v)}: not an IANA time zone name`,
};

/** Delays go on SQS `DelaySeconds`: whole seconds 0-900 after truncation. */
export const MAX_DELAY_SECONDS = 900;

function delayRange(seconds: number): string | undefined {
  const whole = Math.trunc(seconds);
  return whole < 0 || whole > MAX_DELAY_SECONDS
    ? `Bad delay: ${whole}: Must be between 0 and 15 minutes`
    : undefined;
}

function attempt(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
  ajv.addKeyword({
    keyword: 'lavaFormat',
    schemaType: 'string',
    errors: true,
    validate: function check(kind: string, data: unknown): boolean {
      const message =
        LAVA_FORMATS[kind]?.(data) ?? (LAVA_FORMATS[kind] ? undefined : `unknown format ${kind}`);
      if (message === undefined) return true;
      (check as unknown as { errors: Partial<ErrorObject>[] }).errors = [
        { keyword: 'lavaFormat', message, params: { format: kind } },
      ];
      return false;
    },
  });
  return ajv;
}

/**
 * The single ajv instance of `@lava/core` (compiled schemas are cached by identity), created on
 * first use so that importing `@lava/core` stays cheap for code that validates nothing.
 */
let instance: Ajv | undefined;

const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles (once) and returns the validator for a schema object. */
export function compileSchema(schema: object): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    instance ??= createAjv();
    fn = instance.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}
