/**
 * Group rows into multi-row INSERT batches. `placeholder(n)` renders the n-th (1-based) bind marker.
 * Returns the number of rows inserted.
 */
export async function insertBatches(
  rows: AsyncIterable<readonly unknown[]>,
  maxRows: number,
  width: number,
  placeholder: (n: number) => string,
  run: (valuesSql: string, params: unknown[]) => Promise<void>,
): Promise<number> {
  let batch: unknown[] = [];
  let batchRows = 0;
  let total = 0;
  const flush = async (): Promise<void> => {
    if (batchRows === 0) return;
    await run(valuesClause(batchRows, width, placeholder), batch);
    total += batchRows;
    batch = [];
    batchRows = 0;
  };
  for await (const row of rows) {
    for (const v of row) batch.push(v);
    batchRows++;
    if (batchRows >= maxRows) await flush();
  }
  await flush();
  return total;
}

const cache = new Map<string, string>();

function valuesClause(rows: number, width: number, placeholder: (n: number) => string): string {
  const key = `${rows}:${width}:${placeholder(1)}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const parts: string[] = [];
  let n = 1;
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < width; c++) cells.push(placeholder(n++));
    parts.push(`(${cells.join(', ')})`);
  }
  const sql = parts.join(', ');
  if (cache.size < 64) cache.set(key, sql);
  return sql;
}
