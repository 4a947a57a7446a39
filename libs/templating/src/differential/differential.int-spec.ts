/**
 * Differential test: the whole corpus rendered by real Python Jinja2 (one python3 process)
 * and by this library must agree — same text, or both refuse with a precise render error.
 * Needs python3 with Jinja2 3 and dateutil: `bash scripts/ensure-python-jinja.sh`.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildCorpus } from './corpus';
import { compare, formatSummary, renderWithPython, summarise, type Comparison } from './harness';

/** Overall share of the corpus that must match. */
const MIN_RATE = 0.97;

/**
 * User-guide examples whose difference is kept (each is listed in docs/templating.md).
 * Key: the example's source location.
 */
const KEPT_USER_GUIDE: Record<string, string> = {};

describe('differential: libs/templating vs Python Jinja2', () => {
  let results: Comparison[];

  beforeAll(() => {
    execFileSync('bash', [path.join(__dirname, '../../../../scripts/ensure-python-jinja.sh')], {
      stdio: 'pipe',
    });
    const corpus = buildCorpus();
    results = compare(corpus, renderWithPython(corpus.map((e) => e.template)));
    process.stdout.write(`${formatSummary(summarise(results))}\n`);
  }, 120_000);

  it('covers at least 1,500 templates, including every user-guide example', () => {
    expect(results.length).toBeGreaterThanOrEqual(1500);
    expect(results.filter((r) => r.category === 'user-guide').length).toBeGreaterThanOrEqual(90);
  });

  it(`matches Python Jinja2 on at least ${MIN_RATE * 100}% of the corpus`, () => {
    const summary = summarise(results);
    expect(summary.rate).toBeGreaterThanOrEqual(MIN_RATE);
  });

  it('matches every user-guide example except the documented ones', () => {
    const failing = results
      .filter((r) => r.category === 'user-guide' && !r.match && !(r.source in KEPT_USER_GUIDE))
      .map((r) => ({ source: r.source, template: r.template, jinja: r.python, ours: r.ours }));
    expect(failing).toEqual([]);
  });

  it('refuses with a precise render error whenever Jinja2 raises and we refuse', () => {
    const imprecise = results
      .filter((r) => !r.python.ok && !r.ours.ok && !r.ours.precise)
      .map((r) => ({ template: r.template, ours: r.ours.error }));
    expect(imprecise).toEqual([]);
  });
});
