import { normalizeEvent } from './event-normalizer';
import { compilePattern, type EventMatcher } from './pattern-compiler';
import { parseEventPattern } from './pattern-validator';

export { EventPatternError } from './pattern-error';
export type { EventMatcher } from './pattern-compiler';
export type { PatternNode, PatternField, LeafMatcher } from './pattern-ast';
export { parseEventPattern, validateEventPattern } from './pattern-validator';
export { compilePattern } from './pattern-compiler';
export { normalizeEvent } from './event-normalizer';

/**
 * Validates and compiles pattern text in one step; the matcher expects an event already passed
 * through `normalizeEvent` (do that once per event, not once per rule).
 *
 * @example
 * const match = compileEventPattern('{"source":[{"prefix":"aws."}]}');
 * match(normalizeEvent(event)); // true for source "aws.s3"
 */
export function compileEventPattern(text: string): EventMatcher {
  return compilePattern(parseEventPattern(text));
}

/** One-off check (TestEventPattern): validates the pattern, then matches one event. */
export function testEventPattern(patternText: string, event: unknown): boolean {
  return compileEventPattern(patternText)(normalizeEvent(event));
}
