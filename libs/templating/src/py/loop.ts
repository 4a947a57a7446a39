/**
 * Iteration helpers for the compiled `{% for %}` and `{% set %}`: Python iteration rules,
 * tuple unpacking, Jinja's `loop` object and `namespace()`.
 */
import { PyCompatError } from '../errors';
import { pyEq } from './operators';
import { isDict, pyRepr, pyTypeName, splitKwargs } from './values';

/** The items a Python `for` visits: list items, string characters, dict keys; undefined is empty. */
export function pyIterate(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === undefined) return [];
  if (typeof value === 'string') return [...value];
  if (isDict(value)) return Object.keys(value);
  if (value instanceof Map || value instanceof Set) return [...value.keys()];
  throw new PyCompatError('TypeError', `'${pyTypeName(value)}' object is not iterable`);
}

/** `a, b = value`: exactly `n` items. */
export function pyUnpack(value: unknown, n: number): unknown[] {
  const items = pyIterate(value);
  if (items.length > n) throw new PyCompatError('ValueError', `too many values to unpack (expected ${n})`);
  if (items.length < n)
    throw new PyCompatError('ValueError', `not enough values to unpack (expected ${n}, got ${items.length})`);
  return items;
}

/** Jinja's `loop` variable. `index0` is advanced by the compiled loop. */
export class PyLoop {
  index0 = 0;
  private lastChanged: unknown[] | undefined;
  private hasChanged = false;
  constructor(private readonly items: readonly unknown[]) {}
  get index(): number {
    return this.index0 + 1;
  }
  get length(): number {
    return this.items.length;
  }
  get revindex(): number {
    return this.items.length - this.index0;
  }
  get revindex0(): number {
    return this.items.length - this.index0 - 1;
  }
  get first(): boolean {
    return this.index0 === 0;
  }
  get last(): boolean {
    return this.index0 === this.items.length - 1;
  }
  get depth(): number {
    return 1;
  }
  get depth0(): number {
    return 0;
  }
  get previtem(): unknown {
    return this.index0 > 0 ? this.items[this.index0 - 1] : undefined;
  }
  get nextitem(): unknown {
    return this.index0 + 1 < this.items.length ? this.items[this.index0 + 1] : undefined;
  }
  cycle(...args: unknown[]): unknown {
    if (args.length === 0) throw new PyCompatError('TypeError', 'no items for cycling given');
    return args[this.index0 % args.length];
  }
  /** True on the first call and whenever the arguments differ from the previous call's. */
  changed(...args: unknown[]): boolean {
    if (this.hasChanged && this.lastChanged && pyEq(this.lastChanged, args)) return false;
    this.hasChanged = true;
    this.lastChanged = args;
    return true;
  }
  toString(): string {
    return `<LoopContext ${this.index}/${this.length}>`;
  }
}

/** `namespace(a=1)`: the one object `{% set ns.a = ... %}` may assign to. */
export class PyNamespace {
  constructor(fields: Record<string, unknown>) {
    Object.assign(this, fields);
  }
  toString(): string {
    const body = Object.entries(this)
      .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
      .join(', ');
    return `<Namespace {${body}}>`;
  }
}

export function namespace(...args: unknown[]): PyNamespace {
  const { args: pos, kwargs } = splitKwargs(args);
  const init = pos[0];
  return new PyNamespace({ ...(isDict(init) ? init : {}), ...kwargs });
}

/** `{% set ns.attr = value %}`. */
export function pySetAttr(target: unknown, key: unknown, value: unknown): void {
  if (!(target instanceof PyNamespace))
    throw new PyCompatError('TemplateRuntimeError', 'cannot assign attribute on non-namespace object');
  // An own data property, whatever the name (`__proto__` must not replace the prototype).
  Object.defineProperty(target, String(key), { value, writable: true, enumerable: true, configurable: true });
}
