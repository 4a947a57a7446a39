import { createHash } from 'node:crypto';
import { parseSize } from '../values/size';
import { parseS3Location } from '../values/s3-location';
import { unquotePlus, type S3EventInfo, type S3EventRecord } from './s3-event';
import { TriggerConditionError } from './trigger-errors';

/** Prefix of a trigger on the bucket root. */
export const BUCKET_ROOT_PREFIX = '*';

/**
 * The prefixes probed for a key, deepest first: the whole key, then each shorter
 * run of whole `/`-separated segments, then `*`. Matching is by whole segments, so key `a/bc.txt`
 * never reaches prefix `a/b`.
 *
 * @example triggerPrefixProbes('a/b/c.txt') → ['a/b/c.txt', 'a/b', 'a', '*']
 */
export function triggerPrefixProbes(key: string): string[] {
  const segments = key.split('/');
  const probes: string[] = [];
  for (let n = segments.length; n >= 1; n--) probes.push(segments.slice(0, n).join('/'));
  return [...new Set([...probes, BUCKET_ROOT_PREFIX])];
}

/**
 * Picks the triggers of the deepest probe level that has any ("shadowing"): a
 * level with only disabled or filtered-out triggers still hides the shallower ones, as in the
 * original, so adding a trigger never silently changes which others fire.
 */
export async function findTriggerLevel<T>(
  key: string,
  lookup: (prefix: string) => Promise<T[]>,
): Promise<{ prefix: string; triggers: T[] } | undefined> {
  for (const prefix of triggerPrefixProbes(key)) {
    const triggers = await lookup(prefix);
    if (triggers.length) return { prefix, triggers };
  }
  return undefined;
}

/** Shell-style glob (Python `fnmatch`): `*` (also across `/`), `?`, `[seq]`, `[!seq]`; case-sensitive. */
export function fnmatch(name: string, pattern: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + (pattern[i + 1] === '!' ? 3 : 2) - 1);
      if (end < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        else if (body.startsWith('^')) body = '\\' + body;
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's').test(name);
}

type Condition = (info: S3EventInfo, arg: unknown, name: string) => boolean;

function globs(arg: unknown, name: string): string[] {
  if (typeof arg === 'string') return [arg];
  if (Array.isArray(arg) && arg.every((g) => typeof g === 'string')) return arg as string[];
  throw new TriggerConditionError(name, 'must be a glob or a list of globs');
}

/** Registered conditions; each is usable as `if_<c>` and `if_not_<c>`. */
const CONDITIONS: Readonly<Record<string, Condition>> = {
  // The original decodes the key a second time here; kept for compatibility (quirk).
  fnmatch: (info, arg, name) => globs(arg, name).some((g) => fnmatch(unquotePlus(info.key), g)),
  size_gt: (info, arg, name) => {
    let bytes: number;
    try {
      bytes = parseSize(arg);
    } catch (e) {
      throw new TriggerConditionError(name, (e as Error).message);
    }
    // Events without a size (deletions) never pass: the original crashed on them.
    return info.size !== null && info.size > bytes;
  },
  event_type: (info, arg, name) => globs(arg, name).some((g) => fnmatch(info.event_type, g)),
};

/** What a trigger's conditions decided. */
export type ConditionOutcome = { pass: true } | { pass: false; condition: string };

/**
 * Evaluates every `if_*` / `if_not_*` field of a trigger in field order; all must pass (AND).
 *
 * @example checkTriggerConditions({ if_size_gt: '1KiB' }, info) → { pass: false, condition: 'if_size_gt' } for a 10-byte object
 * @throws TriggerConditionError for an unknown condition or a bad argument.
 */
export function checkTriggerConditions(
  trigger: Readonly<Record<string, unknown>>,
  info: S3EventInfo,
): ConditionOutcome {
  for (const [field, arg] of Object.entries(trigger)) {
    if (!field.startsWith('if_')) continue;
    const negated = field.startsWith('if_not_');
    const test = CONDITIONS[field.slice(negated ? 7 : 3)];
    if (!test)
      throw new TriggerConditionError(
        field,
        `unknown condition (known: ${Object.keys(CONDITIONS).join(', ')})`,
      );
    if (test(info, arg, field) === negated) return { pass: false, condition: field };
  }
  return { pass: true };
}

/** True when the object lies under `location` (`s3://bucket/prefix`), e.g. the realm's `s3_temp`. */
export function isUnderLocation(
  info: Pick<S3EventInfo, 'bucket' | 'key'>,
  location: string | undefined,
): boolean {
  if (!location) return false;
  const { bucket, key } = parseS3Location(location);
  return info.bucket === bucket && (key === '' || info.key === key || info.key.startsWith(`${key}/`));
}

/** Key of the dedup window (the original's `(bucket, key, event_type, size)`). */
export function s3DedupKey(info: S3EventInfo): string {
  return JSON.stringify([info.bucket, info.key, info.event_type, info.size]);
}

/**
 * Idempotency key of one trigger's dispatch of one job for one object change: a redelivered or
 * repeated event (same change) gives the same key, so the dispatcher starts one run.
 *
 * @example s3TriggerIdempotencyKey('landing', 'etl/load', record) → 's3trigger/landing/etl/load/3f9c...'
 */
export function s3TriggerIdempotencyKey(triggerId: string, jobId: string, record: S3EventRecord): string {
  const { bucket, key } = record.info;
  const digest = createHash('sha256')
    .update(JSON.stringify([bucket, key, record.change_id]))
    .digest('hex')
    .slice(0, 32);
  return `s3trigger/${triggerId}/${jobId}/${digest}`;
}
