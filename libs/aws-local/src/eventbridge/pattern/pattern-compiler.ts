import { compileLeafMatcher, type ScalarTest } from './leaf-compiler';
import type { LeafMatcher, PatternField, PatternNode } from './pattern-ast';

/** A compiled event pattern: a pure function of a (normalised) event. */
export type EventMatcher = (event: unknown) => boolean;

type ValueTest = (value: unknown) => boolean;

const hasOwn = Object.prototype.hasOwnProperty;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Compiles a validated pattern into a matcher. Objects nest as closures; an event array under a
 * pattern object matches when one element matches the whole sub-pattern, which is Ruler's array
 * consistency rule (fields from different elements never combine).
 */
export function compilePattern(node: PatternNode): EventMatcher {
  return compileNode(node);
}

function compileNode(node: PatternNode): ValueTest {
  const fields = node.fields.map(compileField);
  const groups = node.orGroups.map((branches) => branches.map(compileNode));
  const matchObject = (obj: Record<string, unknown> | undefined): boolean => {
    for (const field of fields) if (!field(obj)) return false;
    for (const branches of groups) {
      if (!branches.some((branch) => branch(obj))) return false;
    }
    return true;
  };
  const test: ValueTest = (value) => {
    if (Array.isArray(value)) {
      if (value.length === 0) return matchObject(undefined);
      return value.some((element) => test(element));
    }
    return matchObject(isPlainObject(value) ? value : undefined);
  };
  return test;
}

function compileField(field: PatternField): (obj: Record<string, unknown> | undefined) => boolean {
  const key = field.key;
  const test = Array.isArray(field.node) ? compileLeaf(field.node) : compileNode(field.node);
  return (obj) => test(obj !== undefined && hasOwn.call(obj, key) ? obj[key] : undefined);
}

/**
 * A leaf: OR of its matchers over the scalar values at the path (every element of an event array,
 * flattened). No scalar there (absent, empty array, object) counts as missing, which only
 * `exists: false` matches.
 */
function compileLeaf(matchers: LeafMatcher[]): ValueTest {
  const matchesMissing = matchers.some((m) => m.kind === 'exists' && !m.value);
  const matchesAnyPresent = matchers.some((m) => m.kind === 'exists' && m.value);
  const tests = compileScalarTests(matchers);
  const scalarTest: ScalarTest = matchesAnyPresent ? () => true : (v) => tests.some((t) => t(v));
  return (value) => {
    if (value === undefined) return matchesMissing;
    if (Array.isArray(value)) {
      const outcome = scanArray(value, scalarTest);
      return outcome === 'missing' ? matchesMissing : outcome === 'match';
    }
    if (isPlainObject(value)) return matchesMissing;
    return scalarTest(value);
  };
}

// Exact values collapse into one Set lookup (Set keeps types apart: "300" is not 300).
function compileScalarTests(matchers: LeafMatcher[]): ScalarTest[] {
  const exact = new Set<unknown>();
  const tests: ScalarTest[] = [];
  for (const m of matchers) {
    if (m.kind === 'exact') exact.add(m.value);
    else if (m.kind !== 'exists') tests.push(compileLeafMatcher(m));
  }
  if (exact.size > 0) tests.unshift((v) => exact.has(v));
  return tests;
}

function scanArray(values: unknown[], test: ScalarTest): 'match' | 'no-match' | 'missing' {
  let sawScalar = false;
  for (const v of values) {
    if (Array.isArray(v)) {
      const inner = scanArray(v, test);
      if (inner === 'match') return 'match';
      if (inner === 'no-match') sawScalar = true;
    } else if (!isPlainObject(v) && v !== undefined) {
      sawScalar = true;
      if (test(v)) return 'match';
    }
  }
  return sawScalar ? 'no-match' : 'missing';
}
