import { ValidationError, type ValidationIssue } from '../errors';
import { isPlainObject } from '../models/json';
import { typeOf } from '../values/duration';
import { PATTERNS } from '../values/patterns';
import { compileSchema } from './ajv';
import { IssueCollector, pointer } from './issues';

/** Options of every `validate*` function. */
export interface ValidateOptions {
  /** Reject what lenient mode only warns about (unknown fields and similar). Default false. */
  strict?: boolean;
  /** Where the record came from (a file name), prefixed to every issue's `record`. */
  source?: string;
}

/** Result of every `validate*` function. `warnings` never includes errors. */
export interface ValidationResult<T> {
  value: T;
  warnings: ValidationIssue[];
}

/** How one record kind is checked. */
export interface RecordRules {
  kind: string;
  idField: string;
  schema: object;
  required: readonly string[];
  /** `x-`/`X-` keys removed before any check (true for realm, job, connection, s3trigger). */
  ignoreExtensions: boolean;
  /** Known fields; unknown ones are warned about (strict: rejected). Omit to allow any field. */
  knownFields?: readonly string[];
  /** Values may be shown only for these fields (secret-bearing records). */
  safeFields?: readonly string[];
  /** Adjusts the record before the schema check (loader defaults that make values valid). */
  normalise?: (record: Record<string, unknown>) => void;
}

/** State shared by the checks of one record. */
export interface RecordContext {
  record: Record<string, unknown>;
  issues: IssueCollector;
  strict: boolean;
}

/**
 * The generic routine behind every validator: shape, extension fields, required keys, unknown
 * keys, JSON schema. Returns the context so that the caller can add its own checks, then
 * {@link finish} throws if anything failed.
 */
export function checkRecord(raw: unknown, rules: RecordRules, opts: ValidateOptions): RecordContext {
  const label = recordLabel(raw, rules, opts.source);
  const issues = new IssueCollector(label, rules.safeFields);
  const strict = opts.strict ?? false;
  if (!isPlainObject(raw)) {
    issues.error('', 'type', `Bad ${rules.kind} record: must be a map, got ${typeOf(raw)}`);
    return { record: {}, issues, strict };
  }
  const record = rules.ignoreExtensions ? withoutExtensions(raw) : { ...raw };
  rules.normalise?.(record);
  const missing = rules.required.filter((k) => !(k in record)).sort();
  if (missing.length) issues.error('', 'required', `Missing keys: ${missing.join(', ')}`);
  if (rules.knownFields) {
    const known = rules.knownFields;
    for (const key of Object.keys(record)
      .filter((k) => !known.includes(k))
      .sort()) {
      issues.warn(pointer(key), 'unknown-field', `Unexpected keys: ${key}`, undefined, strict);
    }
  }
  const validate = compileSchema(rules.schema);
  if (!validate(record)) issues.addAjvErrors(validate.errors);
  return { record, issues, strict };
}

/** Throws a ValidationError listing every error, else returns the warnings. */
export function finish(ctx: RecordContext, kind: string): ValidationIssue[] {
  if (ctx.issues.errors.length)
    throw new ValidationError(ctx.issues.errors, `Bad ${kind} record`, ctx.issues.warnings);
  return ctx.issues.warnings;
}

/** Removes `x-*`/`X-*` keys. */
export function withoutExtensions(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !PATTERNS.extensionField.test(k)));
}

/** The `x-*`/`X-*` keys of a record, for callers that must store them back unchanged. */
export function extensionFields(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([k]) => PATTERNS.extensionField.test(k)));
}

function recordLabel(raw: unknown, rules: RecordRules, source?: string): string {
  const id =
    isPlainObject(raw) && typeof raw[rules.idField] === 'string' ? (raw[rules.idField] as string) : undefined;
  const name = `${rules.kind} ${id ?? `(no ${rules.idField})`}`;
  return source ? `${source}: ${name}` : name;
}

/** Refuses keys starting with `lava` (any case) in a globals map. */
export function checkReservedGlobals(ctx: RecordContext, field = 'globals'): void {
  const globals = ctx.record[field];
  if (!isPlainObject(globals)) return;
  for (const name of Object.keys(globals).filter((k) => PATTERNS.reservedName.test(k))) {
    ctx.issues.error(pointer(field, name), 'reserved-global', `Reserved global: ${name}`);
  }
}
