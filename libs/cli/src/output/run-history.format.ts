/** A run's events item as the CLI shows it (fields of `lava.<realm>.events`, reference §1.6). */
export interface RunView {
  job_id: string;
  run_id: string;
  status?: string;
  ts_dispatch?: string;
  ts_event?: string;
  tu_event?: string;
  worker?: string;
  hostname?: string;
  log?: Array<{ status: string; ts_event: string; info: unknown }>;
}

/** Internal bookkeeping attributes of the audit logger, left out of CLI output. */
const INTERNAL = ['event_ids', 'ms_event', 'ms_first', 'rev'];

/** The item without the audit logger's bookkeeping, JSON-friendly (sets become arrays). */
export function publicRun(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !INTERNAL.includes(k)));
}

/** One line per run: columns aligned, newest first as given. */
export function formatRunList(items: RunView[]): string {
  if (!items.length) return 'no runs\n';
  const rows = [['RUN_ID', 'JOB_ID', 'STATUS', 'LAST EVENT (UTC)', 'WORKER'], ...items.map((r) => [r.run_id, r.job_id, r.status ?? '-', r.tu_event ?? '-', r.worker ?? '-'])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

/** A run's summary and its event log, one line per event. */
export function formatRunDetail(item: RunView): string {
  const head = [
    `run ${item.run_id}  job ${item.job_id}  status ${item.status ?? '-'}`,
    `dispatched ${item.ts_dispatch ?? '-'}  worker ${item.worker ?? '-'}  host ${item.hostname ?? '-'}`,
  ];
  const log = (item.log ?? []).map((l) => `  ${l.ts_event}  ${l.status.padEnd(14)}${infoText(l.info)}`.trimEnd());
  return [...head, ...(log.length ? ['log:', ...log] : ['log: (empty)'])].join('\n') + '\n';
}

function infoText(info: unknown): string {
  if (info === null || info === undefined || info === '') return '';
  const text = typeof info === 'string' ? info : JSON.stringify(info);
  return `  ${text.length > 300 ? `${text.slice(0, 297)}...` : text}`;
}
