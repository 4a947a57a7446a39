/**
 * SQL bench: 1,000,000 generated CSV rows loaded into PostgreSQL with COPY and with batched INSERT
 * (db_from_s3 path: CSV parse + load), then a 1,000,000-row query exported to CSV (sql job path:
 * cursor + CSV writer) into a byte-counting sink. Prints one line per figure and a JSON summary.
 *
 *   npm run bench -w libs/connectors            # LAVA_BENCH_ROWS=200000 for a quicker run
 */
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import {
  createDefaultRegistry,
  loadDelimited,
  runStatements,
  SQL_JOB_CSV_DEFAULTS,
  type SqlSession,
} from '../src';
import { InMemorySecrets } from '../src/testing';

const ROWS = Number(process.env['LAVA_BENCH_ROWS'] ?? 1_000_000);
const PG = {
  host: process.env['LAVA_BENCH_PG_HOST'] ?? '127.0.0.1',
  port: Number(process.env['LAVA_BENCH_PG_PORT'] ?? 5432),
};
const COLUMNS = ['id BIGINT', 'name TEXT', 'amount NUMERIC(12,2)', 'created TIMESTAMP', 'note TEXT'];

/** Deterministic CSV text in ~64 KiB chunks; some notes need quoting, some are NULL. */
async function* csv(rows: number): AsyncGenerator<string> {
  let buf = 'id,name,amount,created,note\n';
  for (let i = 1; i <= rows; i++) {
    const note = i % 10 === 0 ? '' : i % 7 === 0 ? '"has, comma and ""quote"""' : `note ${i % 1000}`;
    const sec = String(i % 60).padStart(2, '0');
    buf += `${i},customer-${i % 50000},${(i % 100000) / 100},2024-01-${String((i % 28) + 1).padStart(2, '0')} 12:34:${sec},${note}\n`;
    if (buf.length > 65536) {
      yield buf;
      buf = '';
    }
  }
  yield buf;
}

class CountingSink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void): void {
    this.bytes += chunk.length;
    cb();
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

async function load(s: SqlSession, table: string, method: 'copy' | 'insert'): Promise<number> {
  const { value, seconds } = await timed(() =>
    loadDelimited(s, {
      table,
      source: Readable.from(csv(ROWS)),
      columns: COLUMNS,
      header: true,
      mode: 'drop',
      method,
      batchSize: 5000,
    }),
  );
  if (value.rows !== ROWS) throw new Error(`loaded ${value.rows} rows, expected ${ROWS}`);
  const rate = ROWS / seconds;
  console.log(
    `db_from_s3 -> PostgreSQL ${method.padEnd(6)}: ${ROWS} rows in ${seconds.toFixed(2)} s = ${Math.round(rate)} rows/s`,
  );
  return rate;
}

async function main(): Promise<void> {
  const registry = createDefaultRegistry();
  const secrets = new InMemorySecrets({ '/bench/pw': 'unused' });
  const spec = {
    conn_id: 'bench',
    type: 'postgres',
    enabled: true,
    ...PG,
    user: 'postgres',
    password: '/bench/pw',
    database: 'test',
  };
  const s = await registry.connect(await registry.resolve(spec, { secrets, appName: 'lava-bench' }));
  const table = `lv_bench_${randomBytes(4).toString('hex')}`;
  try {
    const copy = await load(s, table, 'copy');
    const insert = await load(s, table, 'insert');
    const sink = new CountingSink();
    const { value, seconds } = await timed(() =>
      runStatements(s, [`SELECT id, name, amount, created, note FROM ${table} ORDER BY id`], {
        fetchSize: 1024,
        output: { format: 'csv', options: { ...SQL_JOB_CSV_DEFAULTS, header: true }, sink },
      }),
    );
    const exported = value[0]?.rowCount ?? 0;
    const exportRate = exported / seconds;
    console.log(
      `sql CSV export (cursor, batch 1024): ${exported} rows, ${(sink.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s = ${Math.round(exportRate)} rows/s`,
    );
    console.log(
      JSON.stringify({
        bench: 'connectors.sql',
        rows: ROWS,
        copyRowsPerSec: Math.round(copy),
        insertRowsPerSec: Math.round(insert),
        exportRowsPerSec: Math.round(exportRate),
        exportBytes: sink.bytes,
      }),
    );
  } finally {
    await s.execute(`DROP TABLE IF EXISTS "${table}"`).catch(() => undefined);
    await s.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
