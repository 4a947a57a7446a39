/**
 * The differential harness: renders the corpus with real Python Jinja2 (one `python3`
 * process for the whole batch) and with this library, and compares the results.
 * A template matches when both render the same text, or both refuse it and this library's
 * refusal is a precise `TemplateRenderError` (not a JavaScript engine message).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { TemplateRenderError } from '../errors';
import { createRenderer, type Renderer } from '../renderer';
import { DIFF_DATA, DIFF_TZ, buildDiffContext } from './context';
import type { CorpusEntry } from './corpus';

export interface PyResult {
  ok: boolean;
  out?: string;
  error?: string;
}

export interface TsResult {
  ok: boolean;
  out?: string;
  error?: string;
  /** The refusal was a TemplateRenderError with a message a user can act on. */
  precise?: boolean;
}

export interface Comparison extends CorpusEntry {
  python: PyResult;
  ours: TsResult;
  match: boolean;
}

const SCRIPT = path.join(__dirname, 'render_jinja.py');

/** JavaScript engine errors leaking through a render are not an error a user can act on. */
function isEngineError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (
      e instanceof TypeError ||
      e instanceof RangeError ||
      e instanceof ReferenceError ||
      e instanceof SyntaxError
    )
      return true;
  }
  return false;
}

/** Renders every template with Python Jinja2 in one process. Throws when python3 or Jinja2 is missing. */
export function renderWithPython(templates: readonly string[]): PyResult[] {
  const run = spawnSync('python3', [SCRIPT], {
    input: JSON.stringify({ context: DIFF_DATA, templates }),
    env: { ...process.env, TZ: DIFF_TZ, PYTHONHASHSEED: '0', PYTHONIOENCODING: 'utf-8' },
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
  if (run.error)
    throw new Error(`cannot run python3 (run scripts/ensure-python-jinja.sh): ${run.error.message}`);
  if (run.status !== 0)
    throw new Error(
      `render_jinja.py failed (exit ${run.status}; run scripts/ensure-python-jinja.sh): ${run.stderr}`,
    );
  const results = JSON.parse(run.stdout) as PyResult[];
  if (results.length !== templates.length)
    throw new Error('render_jinja.py returned a wrong number of results');
  return results;
}

/** Renders one template with this library. */
export function renderOurs(renderer: Renderer, template: string, ctx = buildDiffContext()): TsResult {
  try {
    return { ok: true, out: renderer.render(template, ctx, { field: 'template' }) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const precise = err instanceof TemplateRenderError && !isEngineError(err);
    return { ok: false, error: message, precise };
  }
}

export function compare(corpus: readonly CorpusEntry[], python: readonly PyResult[]): Comparison[] {
  const renderer = createRenderer();
  return corpus.map((entry, i) => {
    const py = python[i] as PyResult;
    // A fresh context per template, as on the Python side (templates may mutate lists and maps).
    const ours = renderOurs(renderer, entry.template, buildDiffContext());
    const match = py.ok ? ours.ok && ours.out === py.out : !ours.ok && ours.precise === true;
    return { ...entry, python: py, ours, match };
  });
}

export interface MatchSummary {
  total: number;
  matched: number;
  rate: number;
  byCategory: Record<string, { total: number; matched: number }>;
}

export function summarise(results: readonly Comparison[]): MatchSummary {
  const byCategory: MatchSummary['byCategory'] = {};
  for (const r of results) {
    const c = (byCategory[r.category] ??= { total: 0, matched: 0 });
    c.total += 1;
    if (r.match) c.matched += 1;
  }
  const matched = results.filter((r) => r.match).length;
  return { total: results.length, matched, rate: matched / results.length, byCategory };
}

/** One line per category plus the overall rate. */
export function formatSummary(s: MatchSummary): string {
  const pct = (m: number, t: number) => `${((100 * m) / t).toFixed(1)}%`;
  const lines = Object.entries(s.byCategory).map(
    ([c, v]) => `  ${c.padEnd(12)} ${String(v.matched).padStart(5)}/${v.total} ${pct(v.matched, v.total)}`,
  );
  return [`differential: ${s.matched}/${s.total} match (${pct(s.matched, s.total)})`, ...lines].join('\n');
}
