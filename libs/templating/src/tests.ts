/**
 * Jinja 3.1's tests (`x is odd`, `x is divisibleby 3`...), with Python semantics: they
 * raise where Jinja raises (`'a' is odd`, `missing is gt 1`). The environment registers
 * exactly this table.
 */
import { PyCompatError } from './errors';
import { isFloat, isInt, isNum, PyFloat } from './py/number';
import { pyCompare, pyEq, pyMod } from './py/operators';
import { isDict, pyStr } from './py/values';

export type Test = (value: unknown, ...args: unknown[]) => boolean;

/** `in` as Python evaluates it (the runtime's `in` operator, injected to avoid a cycle). */
export type InOperator = (needle: unknown, haystack: unknown) => boolean;

const cmp =
  (op: string): Test =>
  (v, o) =>
    pyCompare(op, v, o);

function isLower(s: string): boolean {
  return s !== s.toUpperCase() && s === s.toLowerCase();
}
function isUpper(s: string): boolean {
  return s !== s.toLowerCase() && s === s.toUpperCase();
}

/** Builds the test table; `filterNames` answers `x is filter`. */
export function buildTests(
  inOperator: InOperator,
  filterNames: () => readonly string[],
): Record<string, Test> {
  const tests: Record<string, Test> = {
    boolean: (v) => typeof v === 'boolean',
    // Jinja's Undefined is callable (calling it raises).
    callable: (v) => v === undefined || typeof v === 'function',
    defined: (v) => v !== undefined,
    divisibleby: (v, n) => pyEq(pyMod(v, n), 0),
    eq: (v, o) => pyEq(v, o),
    escaped: () => false,
    even: (v) => pyEq(pyMod(v, 2), 0),
    false: (v) => v === false,
    filter: (v) => typeof v === 'string' && filterNames().includes(v),
    float: (v) => isFloat(v),
    ge: cmp('>='),
    gt: cmp('>'),
    in: (v, seq) => inOperator(v, seq),
    integer: (v) => isInt(v),
    iterable: (v) => v === undefined || typeof v === 'string' || Array.isArray(v) || isDict(v),
    le: cmp('<='),
    lower: (v) => isLower(pyStr(v)),
    lt: cmp('<'),
    mapping: (v) => isDict(v),
    ne: (v, o) => !pyEq(v, o),
    none: (v) => v === null,
    number: (v) => isNum(v),
    odd: (v) => pyEq(pyMod(v, 2), 1),
    sameas: (v, o) => v === o || (v instanceof PyFloat && o instanceof PyFloat && v.value === o.value),
    sequence: (v) => v === undefined || typeof v === 'string' || Array.isArray(v) || isDict(v),
    string: (v) => typeof v === 'string',
    test: (v) => typeof v === 'string' && v in tests,
    true: (v) => v === true,
    undefined: (v) => v === undefined,
    upper: (v) => isUpper(pyStr(v)),
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
  // The nunjucks tokenizer reads `none`/`null` as a literal; the test name arrives as `null`.
  const missing =
    (name: string): Test =>
    () => {
      throw new PyCompatError('TemplateRuntimeError', `No test named '${name}'`);
    };
  tests.null = tests.none as Test;
  tests.None = missing('None');
  return tests;
}
