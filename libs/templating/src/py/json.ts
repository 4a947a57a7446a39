/** Python `json.dumps` output format (what Jinja's `tojson` prints). */
import { PyCompatError } from '../errors';
import { PyFloat, floatStr, numStr } from './number';
import { isDict, pyTypeName } from './values';

function checkSerialisable(value: unknown): void {
  if (
    value === undefined ||
    (value !== null && typeof value === 'object' && !Array.isArray(value) && !isDict(value)) ||
    typeof value === 'function'
  )
    throw new PyCompatError('TypeError', `Object of type ${pyTypeName(value)} is not JSON serializable`);
}

export interface DumpsOptions {
  sortKeys?: boolean;
  indent?: number | null;
  /** Jinja's `tojson` also escapes `<`, `>`, `&` and `'` so output is safe inside HTML. */
  htmlSafe?: boolean;
  /** Raise like Python's `json.dumps` for values JSON cannot hold (datetimes, undefined). */
  strict?: boolean;
}

function quote(s: string, htmlSafe: boolean): string {
  const json = JSON.stringify(s).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return htmlSafe
    ? json.replace(/[<>&']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : json;
}

function toPlain(value: unknown): unknown {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    return (value as { toJSON: () => unknown }).toJSON();
  }
  return value;
}

/** Serialises like Python: `", "`/`": "` separators, ASCII only, `NaN`/`Infinity` literals. */
export function pyJsonDumps(value: unknown, opts: DumpsOptions = {}, depth = 0): string {
  if (value instanceof PyFloat) return floatStr(value.value);
  if (opts.strict) checkSerialisable(value);
  const v = toPlain(value);
  const ind = opts.indent ?? null;
  const nl = (d: number): string => (ind === null ? '' : `\n${' '.repeat(ind * d)}`);
  const sep = ind === null ? ', ' : ',';
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return quote(v, opts.htmlSafe ?? false);
  if (typeof v === 'number')
    return Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? numStr(v) : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map((x) => nl(depth + 1) + pyJsonDumps(x, opts, depth + 1)).join(sep)}${nl(depth)}]`;
  }
  if (typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
    if (opts.sortKeys) keys.sort();
    if (keys.length === 0) return '{}';
    const items = keys.map(
      (k) =>
        `${nl(depth + 1)}${quote(k, opts.htmlSafe ?? false)}: ${pyJsonDumps((v as Record<string, unknown>)[k], opts, depth + 1)}`,
    );
    return `{${items.join(sep)}${nl(depth)}}`;
  }
  return quote(String(v), opts.htmlSafe ?? false);
}
