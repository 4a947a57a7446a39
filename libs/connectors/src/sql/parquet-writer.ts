import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ByteWriter, ParquetWriter, schemaFromColumnData, type ColumnSource } from 'hyparquet-writer';
import { ConnectorError, OutputFailedError } from '../errors';
import type { RowStream } from '../session/sql-session';
import { SqlDecimal } from '../session/sql-values';

/** Parquet column kinds inferred from values; each maps to one parquet type. */
type Kind = 'BOOLEAN' | 'INT64' | 'DOUBLE' | 'TIMESTAMP' | 'BYTE_ARRAY' | 'STRING' | 'JSON';

/** Rows per row group: also the batch whose values decide the column types. */
export const PARQUET_ROW_GROUP_ROWS = 10_000;

/**
 * Writes one result set as a parquet file into `sink`, a row group at a time, so memory stays
 * bounded by one group. The result set carries no portable type information (neither did the
 * original's DB-API cursor, whose pyarrow writer guessed from the first batch), so the column
 * types come from the first row group's values: booleans, integers (INT64 when every number in
 * the group is whole), floats (DOUBLE), timestamps (millisecond TIMESTAMP), binary, text; NUMERIC
 * is written as its exact decimal text and JSON values as JSON text. A later value that does not
 * fit its column's type fails the output, naming the column.
 *
 * @example
 * await writeParquet(await session.stream('SELECT * FROM sales'), createWriteStream('sales.parquet'));
 */
export async function writeParquet(
  stream: RowStream,
  sink: Writable,
  groupRows = PARQUET_ROW_GROUP_ROWS,
): Promise<{ rows: number; bytes: number }> {
  const names = stream.columns ?? [];
  const out = new SinkWriter(sink);
  let kinds: Kind[] | undefined;
  let writer: ParquetWriter | undefined;
  let rows = 0;
  let group: unknown[][] = [];
  const flushGroup = async (): Promise<void> => {
    kinds ??= inferKinds(names, group);
    writer ??= new ParquetWriter({ writer: out, schema: schemaOf(names, kinds), createdBy: 'lava' });
    await writer.write({ columnData: columnsOf(names, kinds, group), rowGroupSize: group.length });
    group = [];
  };
  try {
    for await (const row of stream) {
      group.push([...row]);
      rows++;
      if (group.length >= groupRows) await flushGroup();
    }
    if (group.length > 0 || writer === undefined) await flushGroup();
    await writer!.finish();
    await out.drain();
  } catch (err) {
    if (err instanceof ConnectorError) throw err;
    throw new OutputFailedError(`Output failed: ${err instanceof Error ? err.message : 'parquet error'}`);
  }
  return { rows, bytes: out.bytes };
}

function inferKinds(names: readonly string[], group: readonly unknown[][]): Kind[] {
  return names.map((_, i) => kindOf(group.map((r) => r[i])));
}

function kindOf(values: readonly unknown[]): Kind {
  const present = values.filter((v) => v !== null && v !== undefined);
  const first = present[0];
  if (first === undefined) return 'STRING';
  if (typeof first === 'boolean') return 'BOOLEAN';
  if (typeof first === 'bigint') return 'INT64';
  if (typeof first === 'number')
    return present.every((v) => typeof v === 'number' && Number.isSafeInteger(v)) ? 'INT64' : 'DOUBLE';
  if (first instanceof Date) return 'TIMESTAMP';
  if (first instanceof Uint8Array) return 'BYTE_ARRAY';
  if (typeof first === 'string' || first instanceof SqlDecimal) return 'STRING';
  return 'JSON';
}

function schemaOf(names: readonly string[], kinds: readonly Kind[]) {
  return schemaFromColumnData({
    columnData: names.map((name, i) => ({ name, data: [], type: basicType(kinds[i]!) })),
  });
}

function basicType(kind: Kind): 'BOOLEAN' | 'INT64' | 'DOUBLE' | 'TIMESTAMP' | 'BYTE_ARRAY' | 'STRING' {
  return kind === 'JSON' ? 'STRING' : kind;
}

function columnsOf(
  names: readonly string[],
  kinds: readonly Kind[],
  group: readonly unknown[][],
): ColumnSource[] {
  return names.map((name, i) => ({
    name,
    type: basicType(kinds[i]!),
    data: group.map((r) => convert(r[i], kinds[i]!, name)),
  }));
}

function convert(v: unknown, kind: Kind, column: string): unknown {
  if (v === null || v === undefined) return null;
  const fits = (ok: boolean, value: unknown): unknown => {
    if (!ok)
      throw new OutputFailedError(
        `parquet column ${column}: a ${typeof v} value does not fit type ${kind} (inferred from the first ${PARQUET_ROW_GROUP_ROWS} rows)`,
      );
    return value;
  };
  switch (kind) {
    case 'BOOLEAN':
      return fits(typeof v === 'boolean', v);
    case 'INT64':
      if (typeof v === 'bigint') return v;
      return fits(typeof v === 'number' && Number.isSafeInteger(v), BigInt(v as number));
    case 'DOUBLE':
      return fits(typeof v === 'number', v);
    case 'TIMESTAMP':
      return fits(v instanceof Date, v);
    case 'BYTE_ARRAY':
      return fits(v instanceof Uint8Array, v);
    case 'STRING':
      return v instanceof SqlDecimal ? v.text : fits(typeof v === 'string', v);
    case 'JSON':
      return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  }
}

/**
 * hyparquet-writer's byte buffer, emptied into a Node stream after every row group (the writer
 * awaits `flush`, so a slow sink holds the next group back) and once more at the end.
 */
class SinkWriter extends ByteWriter {
  bytes = 0;

  constructor(private readonly sink: Writable) {
    super();
  }

  flush(): Promise<void> {
    return this.drain();
  }

  override finish(): void {}

  async drain(): Promise<void> {
    if (this.index === 0) return;
    const chunk = Buffer.from(this.buffer.slice(0, this.index));
    this.index = 0;
    this.bytes += chunk.length;
    if (this.sink.destroyed) throw new OutputFailedError('Output sink closed');
    if (!this.sink.write(chunk))
      await Promise.race([
        once(this.sink, 'drain'),
        once(this.sink, 'error').then(([e]) => Promise.reject(e as Error)),
      ]);
  }
}
