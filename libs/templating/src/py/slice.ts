/** Python slicing (`seq[a:b:c]`) for strings and lists. */
import { PyCompatError } from '../errors';

function bound(i: unknown, len: number, dflt: number, step: number): number {
  if (i === null || i === undefined) return dflt;
  let n = Number(i);
  if (n < 0) n += len;
  return step > 0 ? Math.min(Math.max(n, 0), len) : Math.min(Math.max(n, -1), len - 1);
}

/** `seq[start:stop:step]`; `null` parts take Python's defaults. */
export function pySlice(seq: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  const st = step === null || step === undefined ? 1 : Number(step);
  if (st === 0) throw new PyCompatError('ValueError', 'slice step cannot be zero');
  const items: unknown[] | undefined =
    typeof seq === 'string' ? [...seq] : Array.isArray(seq) ? seq : undefined;
  if (!items)
    throw new PyCompatError(
      'TypeError',
      `'${seq === undefined ? 'Undefined' : typeof seq}' object is not subscriptable`,
    );
  const len = items.length;
  const a = bound(start, len, st > 0 ? 0 : len - 1, st);
  const b = bound(stop, len, st > 0 ? len : -1, st);
  const out: unknown[] = [];
  for (let i = a; st > 0 ? i < b : i > b; i += st) out.push(items[i]);
  return typeof seq === 'string' ? out.join('') : out;
}
