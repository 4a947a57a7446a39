import { displayTime } from './time';

/** A run's events item as the CLI shows it (fields of `lava.<realm>.events`). */
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

/** The item without the audit logger's bookkeeping (defined once, in `@lava/aws`). */
export { publicRunItem as publicRun } from '../aws';

const RUN_COLUMNS = ['RUN_ID', 'JOB_ID', 'STATUS', 'LAST EVENT', 'WORKER'];
/** Column widths of a run list: a UUID, then room for typical job ids and statuses, so watched lines align. */
const MIN_WIDTHS = [36, 16, 13, 25];

/** One line per run: columns aligned, newest first as given; `header: false` for watch updates. */
export function formatRunList(items: RunView[], { header = true }: { header?: boolean } = {}): string {
  if (!items.length) return 'no runs\n';
  const body = items.map((r) => [
    r.run_id,
    r.job_id,
    r.status ?? '-',
    displayTime(r.tu_event),
    r.worker ?? '-',
  ]);
  const rows = header ? [RUN_COLUMNS, ...body] : body;
  const widths = RUN_COLUMNS.map((_, i) =>
    Math.max(MIN_WIDTHS[i] ?? 0, ...rows.map((row) => row[i]!.length)),
  );
  return (
    rows
      .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
      .join('\n') + '\n'
  );
}

/** A run's summary and its event log, one line per event. */
export function formatRunDetail(item: RunView): string {
  const head = [
    `run ${item.run_id}  job ${item.job_id}  status ${item.status ?? '-'}`,
    `dispatched ${displayTime(item.ts_dispatch)}  worker ${item.worker ?? '-'}  host ${item.hostname ?? '-'}`,
  ];
  const log = (item.log ?? []).map((l) =>
    `  ${displayTime(l.ts_event)}  ${l.status.padEnd(14)}${infoText(l.info)}`.trimEnd(),
  );
  return [...head, ...(log.length ? ['log:', ...log] : ['log: (empty)'])].join('\n') + '\n';
}

function infoText(info: unknown): string {
  if (info === null || info === undefined || info === '') return '';
  const text = typeof info === 'string' ? info : JSON.stringify(info);
  return `  ${text.length > 300 ? `${text.slice(0, 297)}...` : text}`;
}
