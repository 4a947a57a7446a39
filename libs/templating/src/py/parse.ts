/**
 * Parsing of date/time text: ISO 8601 (`fromisoformat`, dateutil `isoparse`), a lenient
 * dateutil-like `parse`, and `strptime`.
 */
import { PyCompatError } from '../errors';
import { PyDate } from './date';
import { PyDatetime } from './datetime';
import { MONTH_NAMES } from './strftime';
import { fixedTz, type PyTz } from './tz';

const ISO_RE =
  /^(\d{4})-?(\d{2})(?:-?(\d{2}))?(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function tzFromText(text: string | undefined): PyTz | null {
  if (!text) return null;
  if (/^z$/i.test(text)) return fixedTz(0);
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!m) return null;
  return fixedTz((Number(m[2]) * 60 + Number(m[3] ?? 0)) * (m[1] === '-' ? -1 : 1));
}

function build(parts: number[], tz: PyTz | null): PyDatetime {
  const [y = 1, mo = 1, d = 1, h = 0, mi = 0, s = 0, us = 0] = parts;
  return PyDatetime.fromArgs([y, mo, d, h, mi, s, us, tz]);
}

/** ISO 8601 text to a datetime (naive without an offset), or `null` when it does not match. */
export function tryIsoParse(text: string): PyDatetime | null {
  const m = ISO_RE.exec(text.trim());
  if (!m) return null;
  const frac = m[7] ? Number(m[7].padEnd(6, '0').slice(0, 6)) : 0;
  const nums = [m[1], m[2], m[3] ?? '1', m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  return build([...nums, frac], tzFromText(m[8]));
}

/** dateutil `isoparse` / `datetime.fromisoformat`: raises `ValueError` on bad text. */
export function isoparse(text: unknown): PyDatetime {
  const dt = typeof text === 'string' ? tryIsoParse(text) : null;
  if (!dt) throw new PyCompatError('ValueError', `Invalid isoformat string: '${String(text)}'`);
  return dt;
}

/** `date.fromisoformat`. */
export function dateFromIso(text: unknown): PyDate {
  const m = typeof text === 'string' ? /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text) : null;
  if (!m) throw new PyCompatError('ValueError', `Invalid isoformat string: '${String(text)}'`);
  return PyDate.fromArgs([Number(m[1]), Number(m[2]), Number(m[3])]);
}

/**
 * dateutil `parser.parse`: ISO first, then common human forms (`1 May 2024 10:00`,
 * `May 1, 2024`, `2024/05/01`). Missing time parts default to midnight; unlike dateutil,
 * a missing date is not taken from today (templates parse full dates in practice).
 */
export function lenientParse(text: unknown): PyDatetime {
  if (typeof text !== 'string') throw new PyCompatError('TypeError', 'Parser must be a string');
  const iso = tryIsoParse(text.replace(/\//g, '-'));
  if (iso) return iso;
  const ms = Date.parse(`${text.replace(/\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)\s*$/i, '')} UTC`);
  if (Number.isNaN(ms)) throw new PyCompatError('ParserError', `Unknown string format: ${text}`);
  const tz =
    tzFromText(/(Z|[+-]\d{2}:?\d{2})\s*$/i.exec(text)?.[1]) ??
    (/\b(UTC|GMT)\s*$/i.test(text) ? fixedTz(0) : null);
  return PyDatetime.fromWall(ms * 1000, tz);
}

type Setter = (v: string, acc: Record<string, number>) => void;
const NAME_RE = MONTH_NAMES.map((n) => n.toLowerCase());

const STRPTIME: Record<string, [string, Setter]> = {
  Y: ['\\d{4}', (v, a) => (a.year = Number(v))],
  y: ['\\d{2}', (v, a) => (a.year = Number(v) + (Number(v) < 69 ? 2000 : 1900))],
  m: ['\\d{1,2}', (v, a) => (a.month = Number(v))],
  d: ['\\d{1,2}', (v, a) => (a.day = Number(v))],
  H: ['\\d{1,2}', (v, a) => (a.hour = Number(v))],
  I: ['\\d{1,2}', (v, a) => (a.hour12 = Number(v))],
  M: ['\\d{1,2}', (v, a) => (a.minute = Number(v))],
  S: ['\\d{1,2}', (v, a) => (a.second = Number(v))],
  f: ['\\d{1,6}', (v, a) => (a.microsecond = Number(v.padEnd(6, '0')))],
  j: ['\\d{1,3}', (v, a) => (a.yday = Number(v))],
  p: ['AM|PM|am|pm', (v, a) => (a.pm = /pm/i.test(v) ? 1 : 0)],
  b: ['[A-Za-z]{3}', (v, a) => (a.month = NAME_RE.findIndex((n) => n.startsWith(v.toLowerCase())) + 1)],
  B: ['[A-Za-z]+', (v, a) => (a.month = NAME_RE.indexOf(v.toLowerCase()) + 1)],
  a: ['[A-Za-z]{3}', () => undefined],
  A: ['[A-Za-z]+', () => undefined],
  z: ['Z|[+-]\\d{2}:?\\d{2}', (v, a) => (a.offset = tzOffsetMinutes(v))],
  Z: ['UTC|GMT|[A-Z]{3,4}', () => undefined],
};

function tzOffsetMinutes(v: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(v);
  return m ? (Number(m[2]) * 60 + Number(m[3])) * (m[1] === '-' ? -1 : 1) : 0;
}

/** `datetime.strptime(text, fmt)`. */
export function strptime(text: unknown, fmt: unknown): PyDatetime {
  if (typeof text !== 'string' || typeof fmt !== 'string')
    throw new PyCompatError('TypeError', 'strptime() arguments must be str');
  const setters: Setter[] = [];
  const pattern = fmt.replace(
    /%([a-zA-Z%])|([.*+?^${}()|[\]\\])/g,
    (_w, code: string | undefined, lit: string | undefined) => {
      if (lit) return `\\${lit}`;
      if (code === '%') return '%';
      const d = code ? STRPTIME[code] : undefined;
      if (!d)
        throw new PyCompatError('ValueError', `'${String(code)}' is a bad directive in format '${fmt}'`);
      setters.push(d[1]);
      return `(${d[0]})`;
    },
  );
  const m = new RegExp(`^${pattern}$`).exec(text);
  if (!m) throw new PyCompatError('ValueError', `time data '${text}' does not match format '${fmt}'`);
  const acc: Record<string, number> = {};
  setters.forEach((set, i) => set(m[i + 1] ?? '', acc));
  return fromParts(acc);
}

function fromParts(a: Record<string, number>): PyDatetime {
  const hour = a.hour12 !== undefined ? (a.hour12 % 12) + (a.pm ? 12 : 0) : (a.hour ?? 0);
  const tz = a.offset !== undefined ? fixedTz(a.offset) : null;
  const base = build(
    [a.year ?? 1900, a.month ?? 1, a.day ?? 1, hour, a.minute ?? 0, a.second ?? 0, a.microsecond ?? 0],
    tz,
  );
  if (a.yday === undefined) return base;
  return PyDatetime.fromWall(PyDate.of(base.year, 1, a.yday).valueOf() + base.time().valueOf(), tz);
}
