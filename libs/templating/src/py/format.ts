/**
 * Python string formatting: the `%` operator (`'%s-%02d' % (a, b)`) and `str.format`
 * (`'{}-{:02d}'.format(a, b)`), with the common conversion and format-spec features.
 */
import { PyCompatError } from '../errors';
import { PyFloat, floatStr, isFloat, roundHalfEven } from './number';
import { isDict, isTuple, pyRepr, pyStr, splitKwargs } from './values';

/** `x.toFixed(p)` with Python's rounding of exact ties (half to even) and its `-0`. */
export function toFixedPy(x: number, p: number): string {
  if (!Number.isFinite(x)) return floatStr(x).replace('inf', 'inf');
  const s = roundHalfEven(x, p).toFixed(p);
  return (x < 0 || Object.is(x, -0)) && !s.startsWith('-') ? `-${s}` : s;
}

/** Applies a format spec `[[fill]align][sign][0][width][,][.precision][type]` to a value. */
export function formatSpec(raw: unknown, spec: string): string {
  const value = raw instanceof PyFloat ? raw.value : raw;
  // datetime/date `__format__` is strftime: '{:%Y-%m-%d}'.format(start).
  const strftime =
    value !== null && typeof value === 'object' ? (value as { strftime?: unknown }).strftime : undefined;
  if (typeof strftime === 'function' && spec) return String(strftime.call(value, spec));
  const m = /^(?:(.)?([<>^=]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/.exec(spec);
  if (!m) throw new PyCompatError('ValueError', `Invalid format specifier '${spec}'`);
  const [, fill0, align0, sign = '-', alt, zero, width, group, precision, type0] = m;
  // No type with a precision formats a float like 'g' (at least one digit after the point).
  const type = type0 ?? (precision !== undefined && typeof value === 'number' ? 'r' : undefined);
  let body = convert(value, type, precision, isFloat(raw));
  if (alt && type && 'xXob'.includes(type))
    body = body.replace(/^(-?)/, `$1${{ x: '0x', X: '0X', o: '0o', b: '0b' }[type] ?? ''}`);
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

function convert(
  value: unknown,
  type: string | undefined,
  precision: string | undefined,
  float = false,
): string {
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
      return toFixedPy(num(), p ?? 6);
    case 'e':
    case 'E': {
      const s = num()
        .toExponential(p ?? 6)
        .replace(/e([+-])(\d)$/, 'e$10$2');
      return type === 'E' ? s.toUpperCase() : s;
    }
    case 'g':
    case 'G': {
      const n = num();
      const exp = n === 0 ? 0 : Math.floor(Math.log10(Math.abs(n)));
      const prec = p === 0 ? 1 : (p ?? 6);
      if (exp < -4 || exp >= prec) {
        const s = n
          .toExponential(prec - 1)
          .replace(/\.?0+e/, 'e')
          .replace(/e([+-])(\d)$/, 'e$10$2');
        return type === 'G' ? s.toUpperCase() : s;
      }
      return String(Number(n.toFixed(Math.max(0, prec - 1 - exp))));
    }
    case 'r': {
      // Python's repr-style general format with a precision ('{:.2}'): like 'g', keeping '.0'.
      const s = convert(value, 'g', precision);
      return float && /^-?\d+$/.test(s) ? `${s}.0` : s;
    }
    case '%':
      return `${toFixedPy(num() * 100, p ?? 6)}%`;
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
      const s = float && typeof value === 'number' ? floatStr(value) : pyStr(value);
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
  // Only a tuple is an argument list; a list is one value (`'%s' % [1, 2]`).
  const list = isTuple(args) ? (args as unknown[]) : [args];
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
  if (conv === 's' || conv === 'r' || conv === 'a') {
    const text = conv === 's' ? pyStr(value) : pyRepr(value);
    const cut = prec !== undefined ? text.slice(0, Number(prec)) : text;
    return pad(cut, Number(width ?? 0), ' ', flags.includes('-') ? '<' : '>');
  }
  const shown = value;
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
      const [whole0 = '', ...attrs] = (field ?? '').split('.');
      const [, head = '', index] = /^([^[]*)(?:\[([^\]]*)\])?$/.exec(whole0) ?? [];
      const pos = head === '' ? auto++ : /^\d+$/.test(head) ? Number(head) : undefined;
      if (pos !== undefined && pos >= args.length)
        throw new PyCompatError(
          'IndexError',
          `Replacement index ${pos} out of range for positional args tuple`,
        );
      if (pos === undefined && !(head in kwargs)) throw new PyCompatError('KeyError', `'${head}'`);
      let value: unknown = pos !== undefined ? args[pos] : kwargs[head];
      if (index !== undefined)
        value = (value as Record<string, unknown>)[/^\d+$/.test(index) ? Number(index) : index];
      for (const a of attrs) value = (value as Record<string, unknown> | undefined)?.[a];
      if (conv === 'r' || conv === 'a') value = pyRepr(value);
      return spec ? formatSpec(value, spec) : pyStr(value);
    },
  );
}
