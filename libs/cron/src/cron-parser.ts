import { CronSyntaxError } from './errors';
import {
  DAY_OF_MONTH,
  DAY_OF_WEEK,
  FieldSet,
  FieldSpec,
  HOUR,
  MINUTE,
  MONTH,
  SECOND,
  makeFieldSet,
} from './cron-field';
import { parseField } from './cron-field-parser';

/** A parsed, immutable cron expression. Build it with {@link parseCron}. */
export interface CronExpression {
  /** The trimmed source text. */
  readonly source: string;
  /** `@reboot`: fires when the scheduler starts, never on the clock ({@link nextFire} gives null). */
  readonly reboot: boolean;
  /** True for the six-field form whose first field is seconds. */
  readonly hasSeconds: boolean;
  readonly second: FieldSet;
  readonly minute: FieldSet;
  readonly hour: FieldSet;
  readonly dayOfMonth: FieldSet;
  readonly month: FieldSet;
  /** Sunday is 0 (a 7 in the source is folded onto 0). */
  readonly dayOfWeek: FieldSet;
}

/** Options of {@link parseCron}. */
export interface ParseCronOptions {
  /** Accept the six-field form with a leading seconds field. Default `true`. */
  allowSeconds?: boolean;
}

/** The `@` forms and the five-field expression each stands for. */
export const AT_FORMS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
  '@reboot': '0 0 1 1 *',
};

const FIVE_FIELD_NAMES = 'minute hour day-of-month month day-of-week';
const CACHE_LIMIT = 10_000;
const cache = new Map<string, CronExpression>();

/**
 * Parses a cron expression: five fields (`minute hour day-of-month month day-of-week`), an
 * optional leading seconds field, or an `@` form. Results are cached by text, so parsing the
 * same schedule for many jobs costs one parse.
 *
 * @example parseCron('30 2 * * mon-fri') // 02:30 on weekdays
 * @throws CronSyntaxError (code `CRON_INVALID`) naming the field, the value and what is allowed.
 */
export function parseCron(expr: string, opts: ParseCronOptions = {}): CronExpression {
  const allowSeconds = opts.allowSeconds ?? true;
  const key = `${allowSeconds ? 's' : '-'}${expr}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const parsed = parseUncached(expr, allowSeconds);
  if (cache.size >= CACHE_LIMIT) cache.clear(); // bounded: a flood of distinct texts cannot grow memory
  cache.set(key, parsed);
  return parsed;
}

function parseUncached(expr: string, allowSeconds: boolean): CronExpression {
  if (typeof expr !== 'string') throw new CronSyntaxError('Cron expression must be a string');
  const source = expr.trim();
  if (source.startsWith('@')) return parseAtForm(source);
  const parts = source.split(/\s+/).filter((p) => p !== '');
  if (parts.length === 6 && !allowSeconds) {
    throw new CronSyntaxError(
      `Cron expression "${source}" has 6 fields but the seconds field is not allowed here; expected 5 (${FIVE_FIELD_NAMES})`,
      { expression: source },
    );
  }
  if (parts.length !== 5 && parts.length !== 6) {
    const six = allowSeconds ? ', or 6 with a leading second field' : '';
    throw new CronSyntaxError(
      `Cron expression "${source}" has ${parts.length} field(s); expected 5 (${FIVE_FIELD_NAMES})${six}`,
      { expression: source },
    );
  }
  return build(source, parts);
}

function parseAtForm(source: string): CronExpression {
  const form = source.toLowerCase();
  const body = AT_FORMS[form];
  if (body === undefined) {
    throw new CronSyntaxError(
      `Unknown "@" form "${source}"; expected one of ${Object.keys(AT_FORMS).join(', ')}`,
      { expression: source, value: source },
    );
  }
  return { ...build(source, body.split(' ')), reboot: form === '@reboot' };
}

function build(source: string, parts: string[]): CronExpression {
  const hasSeconds = parts.length === 6;
  const [sec, min, hour, dom, mon, dow] = hasSeconds ? parts : ['0', ...parts];
  const field = (text: string | undefined, spec: FieldSpec): FieldSet => parseField(text ?? '', spec, source);
  const dayOfWeekRaw = field(dow, DAY_OF_WEEK);
  const expression: CronExpression = {
    source,
    reboot: false,
    hasSeconds,
    second: field(sec, SECOND),
    minute: field(min, MINUTE),
    hour: field(hour, HOUR),
    dayOfMonth: field(dom, DAY_OF_MONTH),
    month: field(mon, MONTH),
    dayOfWeek: foldSunday(dayOfWeekRaw),
  };
  assertCanFire(expression);
  return expression;
}

function foldSunday(set: FieldSet): FieldSet {
  const values = set.values.map((v) => (v === 7 ? 0 : v));
  return makeFieldSet(values, 6, set.star);
}

const MAX_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Rejects day/month combinations that can never occur (for example `0 0 30 2 *`): cron would
 * silently never run them, which for a scheduler is a silent miss.
 */
function assertCanFire(e: CronExpression): void {
  if (!e.dayOfWeek.star || e.dayOfMonth.star) return; // the weekday field can still produce days
  const possible = e.month.values.some((m) => e.dayOfMonth.values.some((d) => d <= (MAX_DAYS[m] ?? 0)));
  if (!possible) {
    throw new CronSyntaxError(
      `Cron expression "${e.source}" never fires: day-of-month ${e.dayOfMonth.values.join(',')} does not occur in month ${e.month.values.join(',')}`,
      { expression: e.source, field: 'day-of-month' },
    );
  }
}
