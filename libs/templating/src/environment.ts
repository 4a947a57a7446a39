/**
 * The nunjucks environment configured like Jinja2's defaults (autoescape off, `{{ }}`,
 * `{% %}`, `{# #}`), with the Jinja filters, tests and globals nunjucks lacks.
 */
import nunjucks from 'nunjucks';
import { buildFilters } from './filters';
import { applyNunjucksPatches } from './nunjucks-patches';
import { buildTests } from './tests';
import { inOperator } from './python-runtime';
import { pySlice } from './py/slice';
import { namespace } from './py/loop';
import { markTuple, pyStr, splitKwargs } from './py/values';
import { UNMETERED, type MeterSlot } from './render-budget';

/** Delimiter sets: Jinja's defaults, or the job framework's build-time ones. */
export type TemplateSyntax = 'jinja' | 'framework';

const FRAMEWORK_TAGS = {
  blockStart: '<%',
  blockEnd: '%>',
  variableStart: '<{',
  variableEnd: '}>',
  commentStart: '<#',
  commentEnd: '#>',
};

/** A dict literal: `__pydict__(k1, v1, k2, v2...)`; keys as Python would print them. */
function pyDict(...kv: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < kv.length; i += 2)
    Object.defineProperty(out, pyStr(kv[i]), {
      value: kv[i + 1],
      writable: true,
      enumerable: true,
      configurable: true,
    });
  return out;
}

type RangeFn = (start: number, stop?: number, step?: number) => number[];

/** nunjucks' `range` (built eagerly), refused before building a list over the render's item limit. */
function meteredRange(slot: MeterSlot, range: RangeFn): RangeFn {
  return (start, stop, step) => {
    const [from, to, by] = stop === undefined ? [0, start, 1] : [start, stop, step || 1];
    const length = Math.ceil((to - from) / by);
    if (Number.isFinite(length)) slot.current.items(Math.max(0, length));
    return range(start, stop, step);
  };
}

/**
 * Creates a Jinja-compatible environment (no loader: templates are strings). Filters and
 * `range()` check their results against the meter in `slot` (the render budget).
 */
export function createJinjaEnvironment(
  syntax: TemplateSyntax = 'jinja',
  slot: MeterSlot = { current: UNMETERED },
): nunjucks.Environment {
  applyNunjucksPatches();
  const tags = syntax === 'framework' ? FRAMEWORK_TAGS : undefined;
  // `dev: true` keeps nunjucks' original error objects (cause, line and column) for our messages.
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false, dev: true, tags });
  // @types/nunjucks omits `opts` and `addTest`, both public nunjucks API.
  const raw = env as unknown as {
    opts: Record<string, unknown>;
    addTest: (name: string, fn: unknown) => void;
  };
  raw.opts.pythonStrings = true;
  const filterNames: string[] = [];
  const tests = buildTests(inOperator, () => filterNames);
  const filters = buildFilters((name) => tests[name]);
  filterNames.push(...Object.keys(filters));
  // Exactly Jinja's filters and tests: drop nunjucks' own (`dump`, `nl2br`...), which Jinja refuses.
  const tables = env as unknown as { filters: Record<string, unknown>; tests: Record<string, unknown> };
  for (const name of Object.keys(tables.filters)) delete tables.filters[name];
  for (const name of Object.keys(tables.tests)) delete tables.tests[name];
  for (const [name, test] of Object.entries(tests)) raw.addTest(name, test);
  for (const [name, filter] of Object.entries(filters))
    env.addFilter(name, function (this: unknown, ...args: Parameters<typeof filter>) {
      return slot.current.sized(filter.apply(this, args));
    });
  const globalsTable = (env as unknown as { globals: { range: RangeFn } }).globals;
  env.addGlobal('range', meteredRange(slot, globalsTable.range));
  env.addGlobal('True', true);
  env.addGlobal('False', false);
  env.addGlobal('None', null);
  env.addGlobal('__pyslice__', pySlice);
  env.addGlobal('dict', (...args: unknown[]) => splitKwargs(args).kwargs);
  env.addGlobal('namespace', namespace);
  env.addGlobal('__pytuple__', (...items: unknown[]) => markTuple(items));
  env.addGlobal('__pydict__', pyDict);
  return env;
}
