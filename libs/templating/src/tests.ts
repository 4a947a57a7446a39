/** Jinja tests (`x is none`, `x is mapping`...) missing from nunjucks or differing from it. */
import { pyEq } from './py/operators';
import { isDict } from './py/values';

export type Test = (value: unknown, ...args: unknown[]) => boolean;

const isNone: Test = (v) => v === null;
const isTrue: Test = (v) => v === true;
const isFalse: Test = (v) => v === false;
const cmp =
  (f: (a: number, b: number) => boolean): Test =>
  (v, o) =>
    f(v as number, o as number);

/** Builds the test table. nunjucks parses `none`/`true`/`false` as literals, so tests are also registered as `null`/`true`/`false`. */
export function buildTests(): Record<string, Test> {
  const tests: Record<string, Test> = {
    defined: (v) => v !== undefined,
    undefined: (v) => v === undefined,
    none: isNone,
    None: isNone,
    null: isNone,
    true: isTrue,
    True: isTrue,
    false: isFalse,
    False: isFalse,
    boolean: (v) => typeof v === 'boolean',
    integer: (v) => typeof v === 'number' && Number.isInteger(v),
    float: (v) => typeof v === 'number' && !Number.isInteger(v),
    number: (v) => typeof v === 'number',
    string: (v) => typeof v === 'string',
    mapping: (v) => isDict(v),
    sequence: (v) => typeof v === 'string' || Array.isArray(v) || isDict(v),
    iterable: (v) => typeof v === 'string' || Array.isArray(v) || isDict(v),
    callable: (v) => typeof v === 'function',
    sameas: (v, o) => v === o,
    eq: (v, o) => pyEq(v, o),
    ne: (v, o) => !pyEq(v, o),
    lt: cmp((a, b) => a < b),
    le: cmp((a, b) => a <= b),
    gt: cmp((a, b) => a > b),
    ge: cmp((a, b) => a >= b),
    in: (v, seq) =>
      Array.isArray(seq)
        ? seq.some((x) => pyEq(x, v))
        : typeof seq === 'string'
          ? typeof v === 'string' && seq.includes(v)
          : isDict(seq) && typeof v === 'string' && v in seq,
    lower: (v) => typeof v === 'string' && v === v.toLowerCase(),
    upper: (v) => typeof v === 'string' && v === v.toUpperCase(),
    divisibleby: (v, n) => (v as number) % (n as number) === 0,
    even: (v) => (v as number) % 2 === 0,
    odd: (v) => Math.abs((v as number) % 2) === 1,
  };
  for (const [alias, name] of [
    ['equalto', 'eq'],
    ['==', 'eq'],
    ['!=', 'ne'],
    ['<', 'lt'],
    ['<=', 'le'],
    ['>', 'gt'],
    ['>=', 'ge'],
    ['greaterthan', 'gt'],
    ['lessthan', 'lt'],
  ] as const) {
    tests[alias] = tests[name] as Test;
  }
  return tests;
}
