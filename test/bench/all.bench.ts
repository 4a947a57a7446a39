/**
 * `npm run bench -w test -- [options]`: the pipeline bench with the given options (see
 * pipeline.bench.ts), then the file-transfer bench, unless `--no-files`. One entry point so that
 * the options reach the pipeline bench (npm appends them to the last command of a script only).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const RUN_TS = join(__dirname, '..', '..', 'scripts', 'run-ts.js');
const args = process.argv.slice(2);

function bench(file: string, argv: string[]): void {
  const out = spawnSync(process.execPath, [RUN_TS, join(__dirname, file), ...argv], { stdio: 'inherit' });
  if (out.status !== 0) process.exit(out.status ?? 1);
}

bench(
  'pipeline.bench.ts',
  args.filter((a) => a !== '--no-files'),
);
if (!args.includes('--no-files')) bench('file-transfer.bench.ts', []);
