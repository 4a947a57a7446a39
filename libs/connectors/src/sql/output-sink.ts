import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ConnectorError, OutputFailedError } from '../errors';
import type { RowStream } from '../session/sql-session';
import { DelimitedWriter, resolveDelimitedOptions, type DelimitedOptionsInput } from './delimited-writer';
import { htmlRenderer, type TextRenderer } from './html-writer';
import { writeParquet } from './parquet-writer';

const CHUNK = 64 * 1024;

/** Output formats of result sets. `parquet` is binary and holds one result set per sink. */
export type OutputFormat = 'csv' | 'jsonl' | 'html' | 'parquet';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['csv', 'jsonl', 'html', 'parquet'];

/** Counts of one written result set. */
export interface WriteStats {
  rows: number;
  bytes: number;
}

/** Writes `text` honouring backpressure; sink errors become OUTPUT_FAILED. */
async function put(sink: Writable, text: string): Promise<void> {
  if (sink.destroyed) throw new OutputFailedError('Output sink closed');
  if (!sink.write(text)) {
    await Promise.race([once(sink, 'drain'), once(sink, 'error').then(([e]) => Promise.reject(e as Error))]);
  }
}

/** Render a row stream into `sink` in the given format; returns rows and bytes written. */
export async function writeResultSet(
  stream: RowStream,
  sink: Writable,
  format: OutputFormat,
  options: DelimitedOptionsInput = {},
): Promise<WriteStats> {
  if (format === 'parquet') return writeParquet(stream, sink);
  const columns = stream.columns ?? [];
  const render =
    format === 'jsonl'
      ? jsonlRenderer(columns, options.sortKeys === true)
      : format === 'html'
        ? htmlRenderer(columns, options.header === true)
        : csvRenderer(options, columns);
  let buf = render.header;
  let bytes = 0;
  let rows = 0;
  try {
    for await (const row of stream) {
      buf += render.row(row);
      rows++;
      if (buf.length >= CHUNK) {
        bytes += Buffer.byteLength(buf);
        await put(sink, buf);
        buf = '';
      }
    }
    buf += render.footer;
    if (buf !== '') {
      bytes += Buffer.byteLength(buf);
      await put(sink, buf);
    }
  } catch (err) {
    // Row errors are already ConnectorErrors (sanitised by the session); anything else is the sink's.
    if (err instanceof ConnectorError) throw err;
    throw new OutputFailedError(`Output failed: ${err instanceof Error ? err.message : 'sink error'}`);
  }
  return { rows, bytes };
}

function csvRenderer(options: DelimitedOptionsInput, columns: readonly string[]): TextRenderer {
  const writer = new DelimitedWriter(resolveDelimitedOptions(options));
  return {
    header: options.header === true ? writer.formatRow(columns) : '',
    row: (r: readonly unknown[]) => writer.formatRow(r),
    footer: '',
  };
}

function jsonlRenderer(columns: readonly string[], sortKeys: boolean): TextRenderer {
  const replacer = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);
  const order = columns.map((c, i) => [c, i] as const);
  if (sortKeys) order.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    header: '',
    footer: '',
    row: (r: readonly unknown[]) =>
      JSON.stringify(Object.fromEntries(order.map(([c, i]) => [c, r[i] ?? null])), replacer) + '\n',
  };
}

/** End a sink we own and wait until its data is flushed. */
export async function endSink(sink: Writable): Promise<void> {
  if (sink.writableFinished) return;
  const done = Promise.race([
    once(sink, 'finish'),
    once(sink, 'error').then(([e]) => Promise.reject(e as Error)),
  ]);
  sink.end();
  try {
    await done;
  } catch (err) {
    throw new OutputFailedError(`Output failed: ${err instanceof Error ? err.message : 'sink error'}`);
  }
}
