/**
 * Development report of the differential test: prints the match rate and every mismatch.
 * `node scripts/run-ts.js libs/templating/src/differential/report.ts [category]`
 */
import { buildCorpus } from './corpus';
import { compare, formatSummary, renderWithPython, summarise } from './harness';

const only = process.argv[2];
const corpus = buildCorpus().filter((e) => !only || e.category === only);
const results = compare(corpus, renderWithPython(corpus.map((e) => e.template)));
for (const r of results.filter((x) => !x.match)) {
  const py = r.python.ok ? JSON.stringify(r.python.out) : `RAISES ${r.python.error}`;
  const ours = r.ours.ok
    ? JSON.stringify(r.ours.out)
    : `RAISES${r.ours.precise ? '' : ' (imprecise)'} ${r.ours.error}`;
  process.stdout.write(
    `--- [${r.source}] ${r.template}\n  jinja: ${py.slice(0, 300)}\n  ours:  ${ours.slice(0, 300)}\n`,
  );
}
process.stdout.write(`${formatSummary(summarise(results))}\n`);
