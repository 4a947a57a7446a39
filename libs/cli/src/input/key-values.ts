import { UsageError } from '../errors';

/** Commander collector for repeatable options (`-p a=1 -p b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * `KEY=VALUE` pairs into a flat map of strings, split at the first `=` with no dotted
 * expansion (as `lava-state put -p`). The last of a repeated key wins.
 */
export function parseKeyValues(pairs: string[], option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`Bad ${option} value "${pair}": expected KEY=VALUE`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}
