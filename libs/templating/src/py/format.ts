/**
 * Python string formatting: the `%` operator (`'%s-%02d' % (a, b)`) and `str.format`
 * (`'{}-{:02d}'.format(a, b)`), with the common conversion and format-spec features.
 */
import { PyCompatError } from '../errors';
import { isDict, pyRepr, pyStr, splitKwargs } from './values';

/** Applies a format spec `[[fill]align][sign][0][width][,][.precision][type]` to a value. */
export function formatSpec(value: unknown, spec: string): string {
  // datetime/date `__format__` is strftime: '{:%Y-%m-%d}'.format(start).
  const strftime =
    value !== null && typeof value === 'object' ? (value as { strftime?: unknown }).strftime : undefined;
  if (typeof strftime === 'function' && spec) return String(strftime.call(value, spec));
  const m = /^(?:(.)?([<>^=]))?([+\- ])?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGosxX%])?$/.exec(spec);
  if (!m) throw new PyCompatError('ValueError', `Invalid format specifier '${spec}'`);
  const [, fill0, align0, sign = '-', zero, width, group, precision, type] = m;
  let body = convert(value, type, precision);
  if (group)
    body = body.replace(
      /^(-?)(\d+)/,
      (_w, s: string, d: string) => s + d.replace(/\B(?=(\d{3})+(?!\d))/g, group),
    );
  if (typeof value === 'number' && value >= 0 && sign !== '-') body = (sign === ' ' ? ' ' : '+') + body;
  const fill = fill0 ?? (zero ? '0' : ' ');
  const align = align0 ?? (zero ? '=' : typeof value === 'number' ? '>' : '<');
  return pad(body, Number(width ?? 0), fill, align);
}

function convert(value: unknown, type: string | undefined, precision: string | undefined): string {
  const p = precision === undefined ? undefined : Number(precision);
  const num = (): number => {
    if (typeof value === 'number' || typeof value === 'boolean') return Number(value);
    throw new PyCompatError('TypeError', `format requires a number, not ${typeof value}`);
  };
  switch (type) {
    case 'd':
      return String(Math.trunc(num()));
    case 'f':
    case 'F':
      return num().toFixed(p ?? 6);
    case 'e':
    case 'E': {
      const s = num()
        .toExponential(p ?? 6)
        .replace(/e([+-])(\d)$/, 'e$10$2');
      return type === 'E' ? s.toUpperCase() : s;
    }
    case 'g':
    case 'G':
      return String(Number(num().toPrecision(p || 6)));
    case '%':
      return `${(num() * 100).toFixed(p ?? 6)}%`;
    case 'x':
      return Math.trunc(num()).toString(16);
    case 'X':
      return Math.trunc(num()).toString(16).toUpperCase();
    case 'o':
      return Math.trunc(num()).toString(8);
    case 'b':
      return Math.trunc(num()).toString(2);
    case 'c':
      return String.fromCharCode(num());
    default: {
      const s = pyStr(value);
      return p !== undefined && typeof value === 'string' ? s.slice(0, p) : s;
    }
  }
}

function pad(body: string, width: number, fill: string, align: string): string {
  const n = width - body.length;
  if (n <= 0) return body;
  const f = fill.repeat(n);
  if (align === '<') return body + f;
  if (align === '^') return fill.repeat(Math.floor(n / 2)) + body + fill.repeat(n - Math.floor(n / 2));
  if (align === '=') {
    const sign = /^[+\- ]/.test(body) ? body.charAt(0) : '';
    return sign + f + body.slice(sign.length);
  }
  return f + body;
}

/** Python `fmt % args`. `args` is a single value, a list (tuple) or a dict for `%(name)s`. */
export function percentFormat(fmt: string, args: unknown): string {
  const list = Array.isArray(args) ? args : [args];
  let i = 0;
  const out = fmt.replace(
    /%(?:\(([^)]*)\))?([#0\- +]*)(\d+|\*)?(?:\.(\d+))?([diouxXeEfFgGcrsa%])/g,
    (
      _w,
      key: string | undefined,
      flags: string,
      width: string | undefined,
      prec: string | undefined,
      conv: string,
    ) => {
      if (conv === '%') return '%';
      const value = key !== undefined ? (isDict(args) ? args[key] : undefined) : list[i++];
      if (i > list.length) throw new PyCompatError('TypeError', 'not enough arguments for format string');
      return percentOne(value, flags, width, prec, conv);
    },
  );
  if (!isDict(args) && i < list.length)
    throw new PyCompatError('TypeError', 'not all arguments converted during string formatting');
  return out;
}

function percentOne(
  value: unknown,
  flags: string,
  width: string | undefined,
  prec: string | undefined,
  conv: string,
): string {
  const sign = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '-';
  const align = flags.includes('-') ? '<' : flags.includes('0') && conv !== 's' && conv !== 'r' ? '=' : '>';
  const fill = align === '=' ? '0' : ' ';
  const type = { i: 'd', u: 'd', s: 's', r: 's', a: 's' }[conv] ?? conv;
  const shown = conv === 'r' || conv === 'a' ? pyRepr(value) : value;
  const precision = prec !== undefined ? `.${prec}` : '';
  const typeChar = type === 's' ? '' : type;
  return formatSpec(shown, `${fill}${align}${sign}${width ?? ''}${precision}${typeChar}`);
}

/** Python `fmt.format(*args, **kwargs)` with `{}`, `{0}`, `{name}`, `{0.attr}`, `{!r}` and `{:spec}`. */
export function strFormat(fmt: string, raw: readonly unknown[]): string {
  const { args, kwargs } = splitKwargs(raw);
  let auto = 0;
  return fmt.replace(
    /\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/g,
    (whole, field: string | undefined, conv: string | undefined, spec: string | undefined) => {
      if (whole === '{{') return '{';
      if (whole === '}}') return '}';
      const [head = '', ...attrs] = (field ?? '').split('.');
      let value: unknown =
        head === '' ? args[auto++] : /^\d+$/.test(head) ? args[Number(head)] : kwargs[head];
      for (const a of attrs) value = (value as Record<string, unknown> | undefined)?.[a];
      if (conv === 'r' || conv === 'a') value = pyRepr(value);
      return spec ? formatSpec(value, spec) : pyStr(value);
    },
  );
}
