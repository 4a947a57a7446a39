import { LavaError } from '@lava/errors';
/**
 * Values that become S3 keys or file system paths (job ids in `<s3_temp>/<job_id>/<run_id>/…`,
 * run ids in run directories, worker names in queue names and worker temp dirs) must not be able
 * to climb out of their place: `../../victim/planted` as a job id wrote a run's output into another
 * realm's prefix. Checked when records are written and again when a run uses them.
 */
export type PathSafeKind = 'job_id' | 'run_id' | 'worker';

const RULES: Record<PathSafeKind, { pattern: RegExp; max: number; expect: string }> = {
  // Job ids keep the original's `group/name` form: segments of letters, digits and `_.@=+:,-`.
  job_id: {
    pattern: /^[\w.@=+:,-]+(\/[\w.@=+:,-]+)*$/,
    max: 512,
    expect: 'segments of letters, digits and _.@=+:,- separated by single /',
  },
  run_id: { pattern: /^[\w.-]+$/, max: 128, expect: 'letters, digits, _, . and -' },
  worker: {
    pattern: /^[A-Za-z0-9][\w-]*$/,
    max: 64,
    expect: 'a letter or digit, then letters, digits, _ and -',
  },
};

/** Why `value` is not a safe `kind`, or undefined when it is (type and emptiness are the schema's). */
export function pathSafetyProblem(kind: PathSafeKind, value: unknown): string | undefined {
  const rule = RULES[kind];
  if (typeof value !== 'string' || value === '') return undefined;
  if (value.length > rule.max)
    return `${kind} is ${value.length} characters long; at most ${rule.max} are allowed`;
  if (!rule.pattern.test(value)) return `${kind} ${JSON.stringify(value)} is not allowed: use ${rule.expect}`;
  if (value.split('/').some((segment) => segment === '.' || segment === '..'))
    return `${kind} ${JSON.stringify(value)} is not allowed: "." and ".." segments would leave its S3 prefix or directory`;
  return undefined;
}

/** A value that would escape its S3 prefix or directory. */
export class UnsafePathError extends LavaError {
  override readonly name = 'UnsafePathError';

  constructor(message: string) {
    super('UNSAFE_PATH', message);
  }
}

/** Throws UnsafePathError naming the value and the rule when `value` is not a safe `kind`. */
export function assertPathSafe(kind: PathSafeKind, value: unknown): string {
  const problem =
    typeof value === 'string' && value !== ''
      ? pathSafetyProblem(kind, value)
      : `${kind} must be a non-empty string`;
  if (problem) throw new UnsafePathError(problem);
  return value as string;
}
