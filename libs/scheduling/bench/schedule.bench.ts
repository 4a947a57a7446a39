/**
 * Micro benchmark of the scheduling domain: builds a table of 100,000 jobs with varied cron
 * expressions, zones and windows, then replays virtual time second by second and measures the
 * compute cost of each fire (takeDue + reschedule). Run from libs/scheduling:
 *   node ../../scripts/run-ts.js bench/schedule.bench.ts [jobs] [virtualSeconds]
 */
import { ScheduleTable, ScheduledJobSpec } from '../src';

const JOBS = Number(process.argv[2] ?? 100_000);
const VIRTUAL_SECONDS = Number(process.argv[3] ?? 3_600);
const ZONES = [
  'UTC',
  'Australia/Sydney',
  'Europe/London',
  'America/New_York',
  'Pacific/Auckland',
  'Asia/Kolkata',
];

function cronFor(i: number): unknown {
  const m = i % 60;
  const h = i % 24;
  switch (i % 10) {
    case 0:
      return `*/${1 + (i % 15)} * * * *`;
    case 1:
      return `${m} ${h} * * *`;
    case 2:
      return `${m} */${1 + (i % 6)} * * mon-fri`;
    case 3:
      return `${i % 60} */${5 + (i % 10)} * * * *`; // six-field, seconds
    case 4:
      return ['@hourly', `${m} ${h} 1 * *`];
    case 5:
      return { crontab: `${m} * * * *`, from: '2024-01-01', to: '2030-01-01' };
    case 6:
      return { crontab: `*/${2 + (i % 8)} * * * *`, from: '2025-06-01', to: '2025-05-01' };
    case 7:
      return `${m} ${h} * jan,apr,jul,oct *`;
    case 8:
      return `${m} ${h},${(h + 12) % 24} ${1 + (i % 28)} * sun`;
    default:
      return `${m} * * * *`;
  }
}

function specs(n: number): ScheduledJobSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    jobId: `bench/job-${i}`,
    schedule: cronFor(i),
    timezone: ZONES[i % ZONES.length],
    enabled: i % 50 !== 0,
  }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;

function main(): void {
  const input = specs(JOBS);
  const start = new Date('2024-03-09T12:00:00Z');
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const table = new ScheduleTable({ defaultTimezone: 'UTC' });
  const report = table.load(input, start);
  const loadMs = performance.now() - t0;
  const rss = process.memoryUsage().rss;
  console.log(
    `jobs: ${JOBS} (loaded ${report.loaded}, problems ${report.problems.length}, in heap ${table.pending})`,
  );
  console.log(`load: ${loadMs.toFixed(0)} ms; RSS ${mb(rss)} (before load ${mb(rssBefore)})`);

  const perTick: number[] = [];
  let fires = 0;
  let busyMs = 0;
  let maxBatch = 0;
  for (let s = 1; s <= VIRTUAL_SECONDS; s++) {
    const now = new Date(start.getTime() + s * 1000);
    const a = performance.now();
    const batch = table.takeDue(now);
    const cost = performance.now() - a;
    busyMs += cost;
    fires += batch.length;
    maxBatch = Math.max(maxBatch, batch.length);
    if (batch.length) perTick.push(cost / batch.length);
  }
  perTick.sort((x, y) => x - y);
  const us = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;
  console.log(
    `replayed ${VIRTUAL_SECONDS} virtual s: ${fires} fires (${(fires / VIRTUAL_SECONDS).toFixed(0)}/s avg, max ${maxBatch} in one second)`,
  );
  console.log(
    `cost per fire (takeDue + reschedule): mean ${us(busyMs / fires)}, per-second-batch p50 ${us(percentile(perTick, 0.5))}, p99 ${us(percentile(perTick, 0.99))}`,
  );
  console.log(
    `=> compute capacity ~${Math.floor(fires / (busyMs / 1000))} fires/s on one core; RSS now ${mb(process.memoryUsage().rss)}`,
  );
}

main();
