import type { ForeachGenerator, ForeachValues } from './foreach-generator';
import { assertFieldNames } from './foreach-generator';

/** `inline`: each map of `values` as is. */
export const inlineGenerator: ForeachGenerator = {
  type: 'inline',
  async *values(spec) {
    for (const values of spec.values as ForeachValues[]) {
      assertFieldNames(Object.keys(values));
      yield values;
    }
  },
};
