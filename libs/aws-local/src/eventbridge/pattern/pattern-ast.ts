/**
 * The validated form of an event pattern. The validator turns JSON text into this tree once (at
 * PutRule) and the compiler turns the tree into a matcher function, so routing never re-reads JSON.
 */

/** A JSON scalar an exact-value matcher compares against (types never cross: `"300"` is not `300`). */
export type PatternScalar = string | number | boolean | null;

/** Forms of `anything-but`: exact values, or the negation of one string operator. */
export type AnythingButMode = 'exact' | 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard';

/** One numeric comparison; a range is one or two of them AND-ed. */
export interface NumericBound {
  op: '=' | '<' | '<=' | '>' | '>=';
  value: number;
}

/** One element of a leaf array; the elements of a leaf are OR-ed. */
export type LeafMatcher =
  | { kind: 'exact'; value: PatternScalar }
  | { kind: 'prefix'; value: string; ignoreCase: boolean }
  | { kind: 'suffix'; value: string; ignoreCase: boolean }
  | { kind: 'equals-ignore-case'; value: string }
  | { kind: 'wildcard'; value: string }
  | { kind: 'anything-but'; mode: AnythingButMode; values: Array<string | number> }
  | { kind: 'numeric'; bounds: NumericBound[] }
  | { kind: 'cidr'; value: string }
  | { kind: 'exists'; value: boolean };

/** A field of a pattern object: either a nested object or a leaf (non-empty OR-list of matchers). */
export interface PatternField {
  key: string;
  node: PatternNode | LeafMatcher[];
}

/**
 * A pattern object: every field must match, and for each `$or` group at least one branch must
 * match the same event object.
 */
export interface PatternNode {
  fields: PatternField[];
  orGroups: PatternNode[][];
}
