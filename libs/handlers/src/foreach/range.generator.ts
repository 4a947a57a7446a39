import type { ForeachGenerator } from './foreach-generator';
import { assertFieldNames } from './foreach-generator';

/** `range`: `start` (0) up to, not including, `stop` by `step` (1); `{name: n}`, or `{}` without a name. */
export const rangeGenerator: ForeachGenerator = {
  type: 'range',
  async *values(spec) {
    const name = typeof spec.name === 'string' && spec.name ? spec.name : undefined;
    if (name) assertFieldNames([name]);
    const [start, stop, step] = [Number(spec.start ?? 0), Number(spec.stop), Number(spec.step ?? 1)];
    for (let n = start; step > 0 ? n < stop : n > stop; n += step) yield name ? { [name]: n } : {};
  },
};
