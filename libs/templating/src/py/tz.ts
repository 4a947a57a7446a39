/**
 * Time zones for the datetime shim. A zone is an IANA name (`Australia/Sydney`), `UTC`,
 * or a fixed offset (`+10:00`); luxon does the offset arithmetic.
 */
import { FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import { PyCompatError } from '../errors';
import { PyTimedelta, US_PER_SECOND } from './timedelta';

/** Python `tzinfo` stand-in. */
export class PyTz {
  constructor(
    readonly zone: Zone,
    readonly key: string,
    /** Python `repr()` of the tzinfo object (which dateutil/datetime class it is). */
    private readonly reprText?: string,
    /** The worker's local zone (dateutil `tzlocal()`), which naive local values use. */
    readonly isLocal = false,
    /** A fixed `%Z` name; `null` for dateutil's `tzoffset(None, ...)`, which has none. */
    private readonly fixedName?: string | null,
  ) {}

  /** The same zone as another Python tzinfo class (`tzlocal()`, `datetime.timezone.utc`). */
  as(reprText: string, isLocal = false): PyTz {
    return new PyTz(this.zone, this.key, reprText, isLocal, this.fixedName);
  }

  __repr__(): string {
    if (this.reprText) return this.reprText;
    if (this.key === 'UTC') return 'tzutc()';
    if (this.zone instanceof FixedOffsetZone) return `tzoffset(None, ${this.zone.offset(0) * 60})`;
    return `tzfile('/usr/share/zoneinfo/${this.key}')`;
  }

  /** Offset in minutes east of UTC at an instant (epoch ms). */
  offsetAt(ms: number): number {
    return this.zone.offset(ms);
  }

  private readonly names = new Map<number, string>();

  /** `%Z`: `UTC` for UTC, a fixed-offset name for offsets, else the zone's abbreviation. */
  nameAt(ms: number): string | null {
    if (this.fixedName !== undefined) return this.fixedName;
    if (this.key === 'UTC') return 'UTC';
    if (this.zone instanceof FixedOffsetZone) return `UTC${formatOffset(this.zone.offset(ms), ':')}`;
    // Keyed by offset: a zone's abbreviation changes only with its offset (DST), and ICU is slow.
    const offset = this.zone.offset(ms);
    let name = this.names.get(offset);
    if (name === undefined) {
      name = zoneAbbreviation(this.zone, ms);
      this.names.set(offset, name);
    }
    return name;
  }

  utcoffset(): PyTimedelta {
    return new PyTimedelta(this.offsetAt(Date.now()) * 60 * US_PER_SECOND);
  }
  /** Python `str(tzinfo)` is its repr (`tzlocal()`, `tzutc()`). */
  toString(): string {
    // `datetime.timezone` prints its name; dateutil zones print their repr.
    return this.reprText?.startsWith('datetime.timezone') ? (this.fixedName ?? 'UTC') : this.__repr__();
  }
}

export const UTC = new PyTz(FixedOffsetZone.utcInstance, 'UTC');

/** Locales whose CLDR data holds the tzdata abbreviations (AEST, CET, IST...). */
const ABBREV_LOCALES = ['en-US', 'en-AU', 'en-GB', 'en-IN'];

/**
 * Python's `%Z` prints the tzdata abbreviation (`AEST`, `CET`) or, for zones without one,
 * the numeric form (`+08`). ICU spreads abbreviations across locales, so several are tried.
 */
function zoneAbbreviation(zone: Zone, ms: number): string {
  let generic = '';
  for (const locale of ABBREV_LOCALES) {
    const name = zone.offsetName(ms, { format: 'short', locale }) ?? '';
    if (name && !/^GMT[+-]/.test(name)) return name;
    generic = name;
  }
  const m = /^GMT([+-])(\d{1,2})(?::(\d{2}))?$/.exec(generic);
  return m ? `${m[1]}${(m[2] ?? '').padStart(2, '0')}${m[3] ?? ''}` : generic;
}

const cache = new Map<string, PyTz>();

/** Resolves a zone name, offset string or {@link PyTz}; `null`/`undefined` give `null` (naive). */
export function toTz(value: unknown): PyTz | null {
  if (value === null || value === undefined) return null;
  if (value instanceof PyTz) return value;
  if (typeof value !== 'string') throw new PyCompatError('TypeError', 'tzinfo argument must be a time zone');
  return gettz(value) ?? raiseUnknown(value);
}

function raiseUnknown(name: string): never {
  throw new PyCompatError('ValueError', `unknown time zone '${name}'`);
}

/** dateutil `tz.gettz(name)`: `null` for unknown names, as dateutil returns None. */
export function gettz(name?: unknown): PyTz | null {
  const key = typeof name === 'string' && name ? name : 'UTC';
  const hit = cache.get(key);
  if (hit) return hit;
  const tz = makeTz(key);
  if (tz) cache.set(key, tz);
  return tz;
}

function makeTz(key: string): PyTz | null {
  if (/^(utc|gmt|z)$/i.test(key)) return UTC;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$/i.exec(key);
  if (m) {
    const mins = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * (m[1] === '-' ? -1 : 1);
    return fixedTz(mins);
  }
  return IANAZone.isValidZone(key) ? new PyTz(IANAZone.create(key), key) : null;
}

/** A fixed-offset zone as dateutil's parsers make it: `tzutc()` or `tzoffset(None, seconds)` (no name). */
export function fixedTz(offsetMinutes: number): PyTz {
  if (offsetMinutes === 0) return UTC;
  const zone = FixedOffsetZone.instance(offsetMinutes);
  return new PyTz(
    zone,
    formatOffset(offsetMinutes, ':'),
    `tzoffset(None, ${offsetMinutes * 60})`,
    false,
    null,
  );
}

/** `+10:00` / `+1000` style offset text. */
export function formatOffset(minutes: number, sep: string): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${sep}${String(abs % 60).padStart(2, '0')}`;
}
