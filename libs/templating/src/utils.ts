/**
 * The `utils` template variable: Python's `datetime` classes, dateutil,
 * `os.path`, `re`, `uuid4` and the S3 helpers. The clock and id source are injectable
 * so renders are deterministic in tests.
 */
import { PyDate, PyTime } from './py/date';
import { PyDatetime } from './py/datetime';
import { dateFromIso, isoparse, lenientParse, strptime } from './py/parse';
import { pyPath } from './py/path';
import { pyRe } from './py/regex';
import { PyRelativedelta } from './py/relativedelta';
import { PyTimedelta, US_PER_SECOND } from './py/timedelta';
import { PyTz, UTC, gettz, toTz } from './py/tz';
import { PyUuid } from './py/uuid';
import { bindArgs } from './py/values';

/** Side effects `utils` needs. */
export interface UtilsDeps {
  /** Current time (default: `new Date()`). */
  now?: () => Date;
  /** Id source for `utils.uuid()` (default: crypto.randomUUID). */
  uuid?: () => string;
  /** Zone that naive "local" values (`datetime.now()`, `date.today()`) are read in. Default UTC. */
  localTz?: string;
}

/** Bucket part of `s3://b/k`, `s3:b/k`, `/b/k` or `b/k`. */
export function s3bucket(s: unknown): string {
  return stripScheme(String(s)).split('/')[0] ?? '';
}

/** Key part of an S3 location with leading and trailing `/` trimmed; `''` when absent. */
export function s3key(s: unknown): string {
  const rest = stripScheme(String(s));
  const slash = rest.indexOf('/');
  return slash < 0 ? '' : rest.slice(slash + 1).replace(/^\/+|\/+$/g, '');
}

function stripScheme(s: string): string {
  return s.replace(/^s3:(\/\/)?/i, '').replace(/^\/+/, '');
}

/** A callable "class" with static members, as templates call `utils.datetime(...)` and `utils.datetime.now()`. */
function pyClass<T extends object>(
  ctor: (...args: unknown[]) => unknown,
  statics: T,
): ((...args: unknown[]) => unknown) & T {
  return Object.assign((...args: unknown[]) => ctor(...args), statics);
}

function datetimeClass(now: () => Date, local: PyTz) {
  const nowIn = (tz: unknown): PyDatetime => {
    const zone = toTz(tz);
    return zone
      ? PyDatetime.fromDate(now(), zone)
      : PyDatetime.fromDate(now(), local).replace({ tzinfo: null, __keywords: true });
  };
  const fromts = (...a: unknown[]): PyDatetime => {
    const b = bindArgs('fromtimestamp', ['timestamp', 'tz'], a);
    const dt = PyDatetime.fromInstant(Number(b.timestamp) * US_PER_SECOND, toTz(b.tz) ?? local);
    return b.tz === undefined || b.tz === null ? dt.replace({ tzinfo: null, __keywords: true }) : dt;
  };
  return pyClass((...a) => PyDatetime.fromArgs(a), {
    now: (...a: unknown[]) => nowIn(bindArgs('now', ['tz'], a).tz),
    utcnow: () => PyDatetime.fromDate(now(), UTC).replace({ tzinfo: null, __keywords: true }),
    today: () => nowIn(null),
    fromisoformat: isoparse,
    strptime,
    fromtimestamp: fromts,
    utcfromtimestamp: (ts: unknown) =>
      PyDatetime.fromInstant(Number(ts) * US_PER_SECOND, UTC).replace({ tzinfo: null, __keywords: true }),
    combine: (d: PyDate, t: PyTime, tz?: unknown) => PyDatetime.fromWall(d.valueOf() + t.valueOf(), toTz(tz)),
    min: PyDatetime.fromArgs([1, 1, 1]),
    max: PyDatetime.fromArgs([9999, 12, 31, 23, 59, 59, 999_999]),
  });
}

function dateClass(now: () => Date, local: PyTz) {
  return pyClass((...a) => PyDate.fromArgs(a), {
    today: () => PyDatetime.fromDate(now(), local).date(),
    fromisoformat: dateFromIso,
    fromtimestamp: (ts: unknown) => PyDatetime.fromInstant(Number(ts) * US_PER_SECOND, local).date(),
    fromordinal: (n: unknown) => new PyDate(Number(n) - 719_163),
  });
}

/** The `utils` object passed to every template. */
export type Utils = ReturnType<typeof buildUtils>;

/** Builds `utils`. Example: `render('{{ utils.s3key("s3://b/a/k/") }}', { utils: buildUtils() })` → `a/k`. */
export function buildUtils(deps: UtilsDeps = {}) {
  const now = deps.now ?? (() => new Date());
  const local = toTz(deps.localTz) ?? UTC;
  const makeUuid = deps.uuid;
  const tzModule = { gettz, tzutc: () => UTC, UTC, tzlocal: () => local };
  const parser = { parse: lenientParse, isoparse };
  return {
    date: dateClass(now, local),
    datetime: datetimeClass(now, local),
    time: pyClass((...a) => PyTime.fromArgs(a), {}),
    timedelta: pyClass((...a) => PyTimedelta.fromArgs(a), {}),
    dateutil: {
      relativedelta: { relativedelta: (...a: unknown[]) => PyRelativedelta.fromArgs(a) },
      parser,
      tz: tzModule,
    },
    parsedate: parser,
    s3bucket,
    s3key,
    uuid: () => new PyUuid(makeUuid ? makeUuid() : undefined),
    path: pyPath,
    re: pyRe,
  };
}
