import { ValidationError, type ValidationIssue } from '@lava/core';
import type { FileProblem } from '../errors';
import type { LoadedRecord } from './load-records';

/** A core validator (`validateJob`, `validateConnection`, `validateS3Trigger`...). */
export type RecordValidator = (raw: unknown, opts: { strict?: boolean }) => { warnings: ValidationIssue[] };

/** A record that passed validation, as the user wrote it (x- fields and spelling kept). */
export interface ValidRecord {
  file: string;
  id: string;
  record: Record<string, unknown>;
}

/** Outcome of `validateRecords`: valid records only when `problems` is empty. */
export interface ValidationOutcome {
  valid: ValidRecord[];
  problems: FileProblem[];
  warnings: FileProblem[];
}

function toProblem(file: string, issue: ValidationIssue): FileProblem {
  const value = 'value' in issue ? JSON.stringify(issue.value) : undefined;
  // Core messages often quote the value already; do not repeat it.
  const shown = value !== undefined && !issue.message.includes(value) ? ` (got ${value})` : '';
  return { file, record: issue.record, path: issue.path, message: `${issue.message}${shown}` };
}

/** Same id twice in one call: the second would silently overwrite the first. */
function duplicates(valid: ValidRecord[], kind: string): FileProblem[] {
  const seen = new Map<string, string>();
  const problems: FileProblem[] = [];
  for (const v of valid) {
    const first = seen.get(v.id);
    if (first !== undefined)
      problems.push({
        file: v.file,
        record: `${kind} ${v.id}`,
        path: '',
        message: `duplicate ${kind}, also defined in ${first}`,
      });
    else seen.set(v.id, v.file);
  }
  return problems;
}

/**
 * Validate every loaded record, collecting every problem (with file, record, JSON path and
 * reason) instead of stopping at the first.
 */
export function validateRecords(
  loaded: LoadedRecord[],
  spec: { kind: string; idField: string; validate: RecordValidator },
  strict: boolean,
): ValidationOutcome {
  const out: ValidationOutcome = { valid: [], problems: [], warnings: [] };
  for (const { file, record } of loaded) {
    try {
      const { warnings } = spec.validate(record, { strict });
      out.warnings.push(...warnings.map((w) => toProblem(file, w)));
      const raw = record as Record<string, unknown>;
      out.valid.push({ file, id: String(raw[spec.idField]), record: raw });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      out.problems.push(...err.issues.map((i) => toProblem(file, i)));
      out.warnings.push(...err.warnings.map((w) => toProblem(file, w)));
    }
  }
  out.problems.push(...duplicates(out.valid, spec.kind));
  // --strict: every warning is an error too (it is still listed with the warnings).
  if (strict) out.problems.push(...out.warnings.map((w) => ({ ...w, message: `${w.message} (--strict)` })));
  return out;
}

/** `file: record /path: message`, one line per problem. */
export function formatProblems(problems: FileProblem[]): string {
  return problems.map((p) => `${p.file}: ${p.record}${p.path ? ` ${p.path}` : ''}: ${p.message}`).join('\n');
}
