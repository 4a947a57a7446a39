import YAML from 'yaml';

/** Records parsed from one file's text, or why it could not be parsed. */
export type ParsedFile = { ok: true; records: unknown[] } | { ok: false; error: string };

/** A document holds one record or a list of them; an empty document holds none. */
function flatten(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function parseJson(text: string): ParsedFile {
  try {
    return { ok: true, records: flatten(JSON.parse(text)) };
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${(err as Error).message}` };
  }
}

function parseYaml(text: string): ParsedFile {
  const docs = YAML.parseAllDocuments(text, { prettyErrors: true });
  const broken = docs.flatMap((d) => d.errors);
  if (broken.length) return { ok: false, error: `invalid YAML: ${broken.map((e) => e.message).join('; ')}` };
  return { ok: true, records: docs.flatMap((d) => flatten(d.toJSON())) };
}

/**
 * Parse a file's text: `.json` files as JSON, anything else as YAML (multi-document streams
 * allowed). Each document may be one record or a list of records.
 */
export function parseRecords(fileName: string, text: string): ParsedFile {
  return /\.json$/i.test(fileName) ? parseJson(text) : parseYaml(text);
}
