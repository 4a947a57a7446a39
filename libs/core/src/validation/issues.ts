import type { ErrorObject } from 'ajv';
import type { ValidationIssue } from '../errors';
import { isSecretLookingField } from '../values/patterns';

/** Builds a JSON pointer from path segments (escaping `~` and `/`). */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Appends a JSON pointer to a base pointer. */
export function joinPointer(base: string, ...segments: (string | number)[]): string {
  return base + pointer(...segments);
}

function segmentsOf(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Collects issues for one record; decides whether values may be shown. */
export class IssueCollector {
  readonly errors: ValidationIssue[] = [];
  readonly warnings: ValidationIssue[] = [];

  constructor(
    readonly record: string,
    /** When set, values are shown only for these top-level fields (secret-bearing records). */
    private readonly safeFields?: readonly string[],
  ) {}

  /** Records an error; `value` (when defined and not secret) is shown with it. */
  error(path: string, rule: string, message: string, value?: unknown): void {
    this.errors.push(this.issue(path, rule, message, value));
  }

  /** Records a warning (or, when `asError`, an error: strict mode). */
  warn(path: string, rule: string, message: string, value?: unknown, asError = false): void {
    (asError ? this.errors : this.warnings).push(this.issue(path, rule, message, value));
  }

  private issue(path: string, rule: string, message: string, value: unknown): ValidationIssue {
    const issue: ValidationIssue = { record: this.record, path, rule, message };
    if (value !== undefined && this.mayShow(path)) issue.value = value;
    return issue;
  }

  /** Never show values under a secret-looking key, or outside the safe list when one is set. */
  private mayShow(path: string): boolean {
    const segs = segmentsOf(path);
    if (segs.some(isSecretLookingField)) return false;
    return !this.safeFields || this.safeFields.includes(segs[0] ?? '');
  }

  /** Adds ajv errors, prefixed by `base`, dropping the noise under failed `anyOf`/`oneOf`. */
  addAjvErrors(errors: readonly ErrorObject[] | null | undefined, base = ''): void {
    for (const e of pruneAjvErrors(errors ?? [])) {
      const extra = e.keyword === 'additionalProperties' ? pointer(String(e.params.additionalProperty)) : '';
      const path = base + e.instancePath + extra;
      if (e.keyword === 'additionalProperties') {
        this.error(path, 'unknown-field', `Unexpected keys: ${String(e.params.additionalProperty)}`);
      } else {
        this.error(path, ruleOf(e), messageOf(e), e.data);
      }
    }
  }
}

function messageOf(e: ErrorObject): string {
  const expect = (e.parentSchema as { lavaExpect?: string } | undefined)?.lavaExpect;
  if ((e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'type') && expect)
    return `must be ${expect}`;
  return e.message ?? 'is invalid';
}

function ruleOf(e: ErrorObject): string {
  if (e.keyword === 'lavaFormat') return String(e.params.format).replace(/^nonneg-/, '');
  return e.keyword;
}

function pruneAjvErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const groups = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  return errors.filter(
    (e) =>
      !groups.some(
        (g) =>
          g !== e && e.schemaPath.startsWith(g.schemaPath + '/') && e.instancePath.startsWith(g.instancePath),
      ),
  );
}
