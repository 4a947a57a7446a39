/**
 * Benchmark: renders the differential corpus (`src/differential/corpus.ts`, every template
 * once per round) with one renderer, as a worker does. Reports the cold pass (compile +
 * render) and warm passes (compiled templates from the cache), with the machine load.
 * Run from libs/templating: `npm run bench` or
 *   node ../../scripts/run-ts.js bench/render-corpus.bench.ts [rounds]
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildDiffContext } from '../src/differential/context';
import { buildCorpus } from '../src/differential/corpus';
import { createRenderer } from '../src/renderer';

const ROUNDS = Number(process.argv[2] ?? 20);

function pass(render: (t: string) => void, templates: readonly string[]): number {
  const t0 = performance.now();
  for (const t of templates) render(t);
  return performance.now() - t0;
}

function main(): void {
  const templates = buildCorpus().map((e) => e.template);
  const ctx = buildDiffContext();
  const renderer = createRenderer({ cacheSize: templates.length * 2 });
  const render = (t: string): void => {
    try {
      renderer.render(t, ctx, { field: 'bench' });
    } catch {
      // Refusals are part of the corpus; their cost counts too.
    }
  };
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const cold = pass(render, templates);
  const warm: number[] = [];
  for (let i = 0; i < ROUNDS; i++) warm.push(pass(render, templates));
  warm.sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)] ?? NaN;
  const best = warm[0] ?? NaN;
  const perTemplate = (ms: number) => `${((ms * 1000) / templates.length).toFixed(1)} µs/template`;
  process.stdout.write(
    [
      `templates: ${templates.length}, rounds: ${ROUNDS}, load average (1/5/15 min) at start: ${load}, cpus: ${os.cpus().length}`,
      `cold (compile + render): ${cold.toFixed(0)} ms (${perTemplate(cold)})`,
      `warm (cached) median:    ${median.toFixed(1)} ms per corpus (${perTemplate(median)}); best ${best.toFixed(1)} ms`,
      `load average at end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
      '',
    ].join('\n'),
  );
}

main();
