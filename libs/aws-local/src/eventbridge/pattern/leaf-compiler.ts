import { cidrContains, parseCidr } from './cidr';
import type { LeafMatcher, NumericBound } from './pattern-ast';
import { parseWildcard, wildcardMatches } from './wildcard';

/** A test on one scalar leaf value of an event (string, number, boolean or null). */
export type ScalarTest = (value: unknown) => boolean;

/** Unicode case folding close to Ruler's: upper then lower maps `ß` and `SS` together. */
export const foldCase = (s: string): string => s.toUpperCase().toLowerCase();

/** Compiles one non-`exists` leaf matcher into a scalar test. */
export function compileLeafMatcher(m: Exclude<LeafMatcher, { kind: 'exists' }>): ScalarTest {
  switch (m.kind) {
    case 'exact':
      return (v) => v === m.value;
    case 'prefix':
      return affixTest(m.value, m.ignoreCase, (s, a) => s.startsWith(a));
    case 'suffix':
      return affixTest(m.value, m.ignoreCase, (s, a) => s.endsWith(a));
    case 'equals-ignore-case': {
      const folded = foldCase(m.value);
      return (v) => typeof v === 'string' && foldCase(v) === folded;
    }
    case 'wildcard': {
      const pattern = parseWildcard(m.value);
      return (v) => typeof v === 'string' && wildcardMatches(pattern, v);
    }
    case 'numeric':
      return numericTest(m.bounds);
    case 'cidr': {
      const block = parseCidr(m.value);
      return (v) => typeof v === 'string' && cidrContains(block, v);
    }
    case 'anything-but':
      return anythingButTest(m);
  }
}

function affixTest(affix: string, ignoreCase: boolean, test: (s: string, a: string) => boolean): ScalarTest {
  if (!ignoreCase) return (v) => typeof v === 'string' && test(v, affix);
  const folded = foldCase(affix);
  return (v) => typeof v === 'string' && test(foldCase(v), folded);
}

function numericTest(bounds: NumericBound[]): ScalarTest {
  const check = (n: number, b: NumericBound): boolean => {
    switch (b.op) {
      case '=':
        return n === b.value;
      case '<':
        return n < b.value;
      case '<=':
        return n <= b.value;
      case '>':
        return n > b.value;
      case '>=':
        return n >= b.value;
    }
  };
  return (v) => typeof v === 'number' && bounds.every((b) => check(v, b));
}

// anything-but needs a present leaf; non-strings are never "prefixed", so they always pass the
// string forms, and null passes every form (it is none of the excluded values).
function anythingButTest(m: Extract<LeafMatcher, { kind: 'anything-but' }>): ScalarTest {
  switch (m.mode) {
    case 'exact': {
      const excluded = new Set<unknown>(m.values);
      return (v) => !excluded.has(v);
    }
    case 'equals-ignore-case': {
      const excluded = new Set(m.values.map((s) => foldCase(String(s))));
      return (v) => typeof v !== 'string' || !excluded.has(foldCase(v));
    }
    case 'prefix':
      return excludeStrings(m.values, (s, a) => s.startsWith(a));
    case 'suffix':
      return excludeStrings(m.values, (s, a) => s.endsWith(a));
    case 'wildcard': {
      const patterns = m.values.map((w) => parseWildcard(String(w)));
      return (v) => typeof v !== 'string' || !patterns.some((p) => wildcardMatches(p, v));
    }
  }
}

function excludeStrings(values: Array<string | number>, test: (s: string, a: string) => boolean): ScalarTest {
  const strings = values.map(String);
  return (v) => typeof v !== 'string' || !strings.some((a) => test(v, a));
}
