/**
 * SQL job bench through the handlers, with S3 on the in-process aws-local endpoint:
 *   1. db_from_s3: a 1,000,000-row CSV object in S3 streamed into PostgreSQL (COPY, then batched INSERT);
 *   2. sql: a query over those rows exported as CSV into S3 (cursor + CSV writer + multipart upload).
 * Prints one line per figure and a JSON summary.
 *
 *   npm run bench -w libs/handlers            # LAVA_BENCH_ROWS=200000 for a quicker run
 */
import { startAwsLocal } from '@lava/aws-local';
import { DbFromS3Handler } from '../src/types/db-from-s3.handler';
import { SqlHandler } from '../src/types/sql.handler';
import { openTestDb, TestBucket, unique } from '../src/testing/sql-int.support';

const ROWS = Number(process.env['LAVA_BENCH_ROWS'] ?? 1_000_000);
const COLUMNS = ['id BIGINT', 'name TEXT', 'amount NUMERIC(12,2)', 'created TIMESTAMP', 'note TEXT'];

/** Deterministic CSV; some notes need quoting, some are empty (NULL). */
function csv(rows: number): Buffer {
  const parts: string[] = ['id,name,amount,created,note\n'];
  for (let i = 1; i <= rows; i++) {
    const note = i % 10 === 0 ? '' : i % 7 === 0 ? '"has, comma and ""quote"""' : `note ${i % 1000}`;
    parts.push(
      `${i},customer-${i % 50000},${(i % 100000) / 100},2024-01-${String((i % 28) + 1).padStart(2, '0')} 12:34:${String(i % 60).padStart(2, '0')},${note}\n`,
    );
  }
  return Buffer.from(parts.join(''));
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

async function main(): Promise<void> {
  const aws = await startAwsLocal({ port: 0 });
  const bucket = new TestBucket(aws.url);
  const pg = await openTestDb('postgres');
  const table = unique('lv_bench');
  try {
    await bucket.create();
    const data = csv(ROWS);
    await bucket.put('in/bench.csv', data);
    console.log(
      `source: ${ROWS} rows, ${(data.length / 1e6).toFixed(1)} MB in s3://${bucket.name}/in/bench.csv`,
    );
    const rates: Record<string, number> = {};
    for (const method of ['copy', 'insert'] as const) {
      const f = bucket.context(
        {
          type: 'db_from_s3',
          payload: null,
          parameters: {
            db_conn_id: 'pg',
            bucket: bucket.name,
            key: 'in/bench.csv',
            schema: 'public',
            table,
            mode: 'drop',
            columns: COLUMNS,
            args: ['HEADER'],
            method,
            batch_size: 5000,
          },
        },
        { pg: pg.connection },
      );
      const { value, seconds } = await timed(() => new DbFromS3Handler().run(f.ctx));
      if (value.rows !== ROWS) throw new Error(`loaded ${String(value.rows)} rows, expected ${ROWS}`);
      rates[method] = ROWS / seconds;
      console.log(
        `db_from_s3 S3 -> PostgreSQL ${method.padEnd(6)}: ${ROWS} rows in ${seconds.toFixed(2)} s = ${Math.round(rates[method]!)} rows/s`,
      );
    }
    await bucket.put(
      'payloads/bench/export.sql',
      `SELECT id, name, amount, created, note FROM ${table} ORDER BY id`,
    );
    const f = bucket.context(
      {
        type: 'sql',
        payload: 'bench/export.sql',
        parameters: { conn_id: 'pg', header: true, batch_size: 1024 },
      },
      { pg: pg.connection },
    );
    const { value, seconds } = await timed(() => new SqlHandler().run(f.ctx));
    const uri = (value.output as Record<string, string[]>)['export.sql']![0]!;
    const bytes = (await bucket.read(uri)).length;
    const exportRate = ROWS / seconds;
    console.log(
      `sql CSV export PostgreSQL -> S3: ${ROWS} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s = ${Math.round(exportRate)} rows/s`,
    );
    console.log(
      JSON.stringify({
        bench: 'handlers.sql-jobs',
        rows: ROWS,
        dbFromS3CopyRowsPerSec: Math.round(rates.copy!),
        dbFromS3InsertRowsPerSec: Math.round(rates.insert!),
        sqlExportRowsPerSec: Math.round(exportRate),
        exportBytes: bytes,
      }),
    );
  } finally {
    await pg.admin.execute(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await pg.close();
    bucket.s3.destroy();
    await aws.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
