/**
 * Run-seconds per time slice, by job and by worker, from events items: what the original's
 * `lava-job-activity` printed. A run cycle is a `running` entry closed by `complete`, `failed`
 * or `retrying`; a cycle still open (the run goes on) is left out, as the original did.
 */

/** Statuses that close a run cycle opened by `running`. */
const END_OF_CYCLE = new Set(['complete', 'failed', 'retrying']);

/** What the map needs of one run (also the `--dump` file's record). */
export interface RunActivity {
  job_id: string;
  run_id: string;
  worker: string;
  status: string;
  tu_event: string;
  /** Closed run cycles: epoch ms pairs. */
  cycles: Array<[number, number]>;
}

/** An events item as read from the table (only the fields used here). */
export interface ActivityItem {
  job_id: string;
  run_id: string;
  worker?: string;
  status: string;
  tu_event?: string;
  log?: Array<{ status: string; tu_event: string }>;
}

/** Naive UTC ISO (`tu_event`) to epoch ms. */
const utcMs = (tu: string): number => Date.parse(`${tu}Z`);

/** The closed run cycles of one events item. */
export function runActivity(item: ActivityItem): RunActivity {
  const cycles: Array<[number, number]> = [];
  let start: number | undefined;
  for (const entry of item.log ?? []) {
    if (entry.status === 'running') start = utcMs(entry.tu_event);
    else if (END_OF_CYCLE.has(entry.status) && start !== undefined) {
      cycles.push([start, utcMs(entry.tu_event)]);
      start = undefined;
    }
  }
  return {
    job_id: item.job_id,
    run_id: item.run_id,
    worker: item.worker ?? '-',
    status: item.status,
    tu_event: item.tu_event ?? '',
    cycles,
  };
}

/** Run-seconds per slice for each job and each worker, busiest first; idle rows left out. */
export interface ActivityMap {
  slices: Date[];
  jobs: Array<[string, number[]]>;
  workers: Array<[string, number[]]>;
}

/** Slices `[start, end)` into `intervalMinutes` and adds each cycle's overlap (whole seconds). */
export function activityMap(
  runs: RunActivity[],
  start: Date,
  end: Date,
  intervalMinutes: number,
): ActivityMap {
  const step = intervalMinutes * 60_000;
  const slices: Date[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += step) slices.push(new Date(t));
  const byJob = new Map<string, number[]>();
  const byWorker = new Map<string, number[]>();
  for (const run of runs) {
    const jobRow = row(byJob, run.job_id, slices.length);
    const workerRow = row(byWorker, run.worker, slices.length);
    slices.forEach((slice, i) => {
      const sliceEnd = Math.min(slice.getTime() + step, end.getTime());
      for (const [from, to] of run.cycles) {
        const overlap = Math.max(0, Math.min(to, sliceEnd) - Math.max(from, slice.getTime()));
        jobRow[i]! += Math.round(overlap / 1000);
        workerRow[i]! += Math.round(overlap / 1000);
      }
    });
  }
  return { slices, jobs: busiestFirst(byJob), workers: busiestFirst(byWorker) };
}

function row(map: Map<string, number[]>, key: string, length: number): number[] {
  let r = map.get(key);
  if (!r) map.set(key, (r = new Array<number>(length).fill(0)));
  return r;
}

function busiestFirst(map: Map<string, number[]>): Array<[string, number[]]> {
  const total = (r: number[]) => r.reduce((a, b) => a + b, 0);
  return [...map.entries()].filter(([, r]) => total(r) > 0).sort((a, b) => total(b[1]) - total(a[1]));
}

/** The original's CSV: a job table, a blank line, a worker table; slices as `YYYY-MM-DD HH:MM:SS` UTC. */
export function activityCsv(map: ActivityMap): string {
  const header = map.slices.map((s) => s.toISOString().slice(0, 19).replace('T', ' '));
  const table = (title: string, rows: Array<[string, number[]]>) =>
    [[title, ...header], ...rows.map(([k, r]) => [k, ...r.map(String)])].map(csvLine).join('\n');
  return `${table('Job ID', map.jobs)}\n\n${table('Worker', map.workers)}\n`;
}

function csvLine(cells: string[]): string {
  return cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}
