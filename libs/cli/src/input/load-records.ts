import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileProblem } from '../errors';
import { parseRecords } from './parse-records';

/** One record read from a file. */
export interface LoadedRecord {
  file: string;
  /** 1-based position in the file (documents and list items counted together). */
  position: number;
  record: unknown;
}

/** Everything loaded, and every file that could not be read or parsed. */
export interface RecordLoadResult {
  records: LoadedRecord[];
  problems: FileProblem[];
}

const RECORD_FILE = /\.(ya?ml|json)$/i;

/** Files named on the command line; a directory stands for its `.yaml`/`.yml`/`.json` files. */
async function expand(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = (await readdir(p)).filter((n) => RECORD_FILE.test(n)).sort();
      out.push(...names.map((n) => path.join(p, n)));
    } else out.push(p);
  }
  return out;
}

async function loadFile(file: string, result: RecordLoadResult): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    result.problems.push({
      file,
      record: 'file',
      path: '',
      message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    });
    return;
  }
  const parsed = parseRecords(file, text);
  if (!parsed.ok) {
    result.problems.push({ file, record: 'file', path: '', message: parsed.error });
    return;
  }
  if (!parsed.records.length)
    result.problems.push({ file, record: 'file', path: '', message: 'no records found' });
  parsed.records.forEach((record, i) => result.records.push({ file, position: i + 1, record }));
}

/**
 * Read every record of every file (YAML or JSON, one record or a list per document). All
 * files are read even when one fails, so the user sees every problem at once.
 */
export async function loadRecordFiles(paths: string[]): Promise<RecordLoadResult> {
  const result: RecordLoadResult = { records: [], problems: [] };
  for (const file of await expand(paths)) await loadFile(file, result);
  return result;
}
