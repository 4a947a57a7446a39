import { EventPatternError } from './pattern-error';

/**
 * A validated wildcard pattern as its literal segments between unescaped `*`s; `*` matches any
 * run of characters, including none (Event Ruler semantics).
 */
export interface WildcardPattern {
  segments: string[];
}

// Event Ruler measures the NFA a wildcard builds and refuses expensive ones; its evaluator is not
// public. Like LocalStack (which passes AWS's recorded cases) we refuse more than five wildcards.
const MAX_WILDCARDS = 5;

/** Parses and validates a wildcard pattern, throwing AWS's messages for bad escapes and `**`. */
export function parseWildcard(pattern: string): WildcardPattern {
  const segments: string[] = [];
  let current = '';
  let afterWildcard = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    const wasAfterWildcard = afterWildcard;
    afterWildcard = ch === '*';
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') throw new EventPatternError(`Invalid escape character at pos ${i}`);
      current += next;
      i++;
    } else if (ch === '*') {
      if (wasAfterWildcard) {
        throw new EventPatternError(`Consecutive wildcard characters at pos ${i}`);
      }
      segments.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  segments.push(current);
  checkComplexity(segments);
  return { segments };
}

function checkComplexity(segments: string[]): void {
  if (segments.length - 1 > MAX_WILDCARDS) {
    throw new EventPatternError(
      'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
    );
  }
}

/**
 * True when `value` matches: first segment is a prefix, last a suffix, middle ones appear in order
 * in between. Leftmost placement of the middle segments is optimal, so this never backtracks.
 */
export function wildcardMatches(pattern: WildcardPattern, value: string): boolean {
  const { segments } = pattern;
  const first = segments[0] as string;
  if (segments.length === 1) return value === first;
  const last = segments[segments.length - 1] as string;
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let pos = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i] as string;
    const found = value.indexOf(segment, pos);
    if (found < 0 || found + segment.length > end) return false;
    pos = found + segment.length;
  }
  return true;
}
