const CHUNK_BYTES = 64 * 1024;

/** Encode one value for PostgreSQL COPY CSV: null -> unquoted empty (NULL), else always quoted. */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : String(v);
  return `"${s.replace(/"/g, '""')}"`;
}

/** Turn rows into ~64 KiB CSV chunks for COPY ... FROM STDIN WITH (FORMAT csv). */
export async function* csvCopyChunks(rows: AsyncIterable<readonly unknown[]>): AsyncGenerator<string> {
  let buf = '';
  for await (const row of rows) {
    buf += row.map(copyField).join(',') + '\n';
    if (buf.length >= CHUNK_BYTES) {
      yield buf;
      buf = '';
    }
  }
  if (buf !== '') yield buf;
}
