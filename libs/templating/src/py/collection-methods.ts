/** Python `dict` and `list` methods for plain JS objects and arrays. */
import { PyCompatError } from '../errors';
import { pyEq } from './operators';
import { bindArgs, markTuple, pyStr, type PyDict } from './values';

type DictMethod = (d: PyDict, args: unknown[]) => unknown;
type ListMethod = (l: unknown[], args: unknown[]) => unknown;

export const DICT_METHODS: Record<string, DictMethod> = {
  items: (d) => Object.entries(d).map((p) => markTuple(p)),
  keys: (d) => Object.keys(d),
  values: (d) => Object.values(d),
  get: (d, a) =>
    typeof a[0] === 'string' && Object.prototype.hasOwnProperty.call(d, a[0]) ? d[a[0]] : (a[1] ?? null),
  copy: (d) => ({ ...d }),
  update: (d, a) => {
    Object.assign(d, a[0] ?? {});
    return null;
  },
  setdefault: (d, a) => {
    const k = pyStr(a[0]);
    if (!(k in d)) d[k] = a[1] ?? null;
    return d[k];
  },
  pop: (d, a) => {
    const k = pyStr(a[0]);
    if (!(k in d)) {
      if (a.length > 1) return a[1];
      throw new PyCompatError('KeyError', k);
    }
    const v = d[k];
    delete d[k];
    return v;
  },
};

function indexOf(l: unknown[], x: unknown): number {
  return l.findIndex((y) => pyEq(y, x));
}

function sortKey(v: unknown): number | string {
  return typeof v === 'number' || typeof v === 'string' ? v : Number(v);
}

export const LIST_METHODS: Record<string, ListMethod> = {
  append: (l, a) => {
    l.push(a[0]);
    return null;
  },
  extend: (l, a) => {
    l.push(...((a[0] as unknown[] | undefined) ?? []));
    return null;
  },
  insert: (l, a) => {
    l.splice(Number(a[0]), 0, a[1]);
    return null;
  },
  pop: (l, a) => {
    if (l.length === 0) throw new PyCompatError('IndexError', 'pop from empty list');
    const i = typeof a[0] === 'number' ? (a[0] < 0 ? l.length + a[0] : a[0]) : l.length - 1;
    return l.splice(i, 1)[0];
  },
  remove: (l, a) => {
    const i = indexOf(l, a[0]);
    if (i < 0) throw new PyCompatError('ValueError', 'list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  index: (l, a) => {
    const i = indexOf(l, a[0]);
    if (i < 0) throw new PyCompatError('ValueError', `${pyStr(a[0])} is not in list`);
    return i;
  },
  count: (l, a) => l.filter((y) => pyEq(y, a[0])).length,
  reverse: (l) => {
    l.reverse();
    return null;
  },
  sort: (l, a) => {
    const b = bindArgs('sort', ['key', 'reverse'], a);
    l.sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0));
    if (b.reverse) l.reverse();
    return null;
  },
  copy: (l) => [...l],
  clear: (l) => {
    l.length = 0;
    return null;
  },
};
