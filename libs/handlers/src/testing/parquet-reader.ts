import { parquetMetadata, parquetReadObjects } from 'hyparquet';

/** Reads a whole parquet file back with an independent reader (hyparquet), as row objects. */
export async function readParquet(bytes: Buffer): Promise<Record<string, unknown>[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return parquetReadObjects({ file });
}

/** The parquet schema's leaf elements (name, physical and converted type) of a file. */
export function parquetColumns(bytes: Buffer): Array<{ name: string; type?: string; converted?: string }> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return parquetMetadata(file)
    .schema.slice(1)
    .map((e) => ({ name: e.name, type: e.type, converted: e.converted_type }));
}
