/**
 * The nunjucks environment configured like Jinja2's defaults (autoescape off, `{{ }}`,
 * `{% %}`, `{# #}`), with the Jinja filters, tests and globals nunjucks lacks.
 */
import nunjucks from 'nunjucks';
import { buildFilters } from './filters';
import { applyNunjucksPatches } from './nunjucks-patches';
import { buildTests } from './tests';
import { pySlice } from './py/slice';
import { splitKwargs } from './py/values';

/** Delimiter sets: Jinja's defaults, or the job framework's build-time ones (lava-core §7.2). */
export type TemplateSyntax = 'jinja' | 'framework';

const FRAMEWORK_TAGS = {
  blockStart: '<%',
  blockEnd: '%>',
  variableStart: '<{',
  variableEnd: '}>',
  commentStart: '<#',
  commentEnd: '#>',
};

/** Creates a Jinja-compatible environment (no loader: templates are strings). */
export function createJinjaEnvironment(syntax: TemplateSyntax = 'jinja'): nunjucks.Environment {
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
  const tests = buildTests();
  for (const [name, test] of Object.entries(tests)) raw.addTest(name, test);
  const filters = buildFilters((name) => tests[name]);
  for (const [name, filter] of Object.entries(filters)) env.addFilter(name, filter);
  env.addGlobal('True', true);
  env.addGlobal('False', false);
  env.addGlobal('None', null);
  env.addGlobal('__pyslice__', pySlice);
  env.addGlobal('dict', (...args: unknown[]) => splitKwargs(args).kwargs);
  return env;
}
