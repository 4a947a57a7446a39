import { EventPatternError, testEventPattern } from './index';
import { PATTERN_EXAMPLES } from './pattern-examples.fixture';

const P = (v: unknown): string => JSON.stringify(v);

function evaluate(pattern: unknown, event: unknown): boolean | { error: string } {
  try {
    return testEventPattern(P(pattern), event);
  } catch (e) {
    if (e instanceof EventPatternError) return { error: e.message };
    throw e;
  }
}

describe('event pattern examples', () => {
  it.each(PATTERN_EXAMPLES)('%s', (_label, pattern, event, expected) => {
    const result = evaluate(pattern, event);
    if (typeof expected === 'boolean') {
      expect(result).toBe(expected);
    } else {
      expect(result).toEqual({ error: expect.stringContaining(expected.error) });
      expect((result as { error: string }).error.startsWith('Event pattern is not valid. Reason: ')).toBe(
        true,
      );
    }
  });
});
