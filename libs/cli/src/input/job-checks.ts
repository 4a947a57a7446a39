import { checkJobType, isPlainObject, validateJob, ValidationError, type ValidationIssue } from '@lava/core';
import { templateSyntaxError } from '@lava/templating';

/** Fields that are never rendered as templates. */
const NOT_RENDERED = new Set([
  'job_id',
  'type',
  'worker',
  'dispatcher',
  'owner',
  'description',
  'schedule',
  'timezone',
  'enabled',
]);

/** `parameters.jinja: false` (any spelling the handlers accept) turns rendering off for payload and parameters. */
function renderingOff(job: Record<string, unknown>): boolean {
  const jinja = isPlainObject(job.parameters) ? job.parameters.jinja : undefined;
  return (
    jinja === false ||
    (typeof jinja === 'string' && ['false', 'f', 'no', 'n', '0'].includes(jinja.toLowerCase()))
  );
}

/** Compiles every string that may be rendered at run time; one issue per template that does not compile. */
export function templateIssues(job: Record<string, unknown>, record: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const off = renderingOff(job);
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      const error = templateSyntaxError(value);
      if (error)
        issues.push({ record, path, rule: 'template', message: `template does not compile: ${error}` });
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}/${i}`));
    else if (isPlainObject(value))
      for (const [k, v] of Object.entries(value))
        walk(v, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  for (const [field, value] of Object.entries(job)) {
    if (
      NOT_RENDERED.has(field) ||
      /^x-/i.test(field) ||
      (off && (field === 'payload' || field === 'parameters'))
    )
      continue;
    walk(value, `/${field}`);
  }
  return issues;
}

/**
 * Everything that can be checked about a job file without AWS: the record (`validateJob`), its
 * type's parameters and payload, a safe job_id, `enabled`, and every template. Warnings are kept
 * with the errors, so a typo warning does not vanish when the file also has an error.
 */
export function validateJobRecord(raw: unknown, opts: { strict?: boolean }): { warnings: ValidationIssue[] } {
  let errors: ValidationIssue[] = [];
  let warnings: ValidationIssue[] = [];
  try {
    warnings = validateJob(raw, opts).warnings;
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    errors = [...err.issues];
    warnings = [...err.warnings];
  }
  if (isPlainObject(raw)) {
    const typed = checkJobType(raw);
    errors.push(...typed.errors, ...templateIssues(raw, typed.record));
    warnings.push(...typed.warnings);
  }
  if (errors.length) throw new ValidationError(errors, 'Bad job record', warnings);
  return { warnings };
}
