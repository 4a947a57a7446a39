/**
 * A DynamoDB item in the low-level shape (`{ S: 'x' }`, `{ N: '1' }`, ...) as plain values, for
 * the few places the SDK hands one over without the document client's translation (an old item
 * in a cancellation reason or a conditional-check failure). Numbers become JavaScript numbers.
 */
export function fromAttributeMap(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, fromAttributeValue(v)]));
}

export function fromAttributeValue(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  const a = v as Record<string, unknown>;
  if ('S' in a) return a.S;
  if ('N' in a) return Number(a.N);
  if ('BOOL' in a) return a.BOOL;
  if ('NULL' in a) return null;
  if ('B' in a) return a.B;
  if ('L' in a) return (a.L as unknown[]).map(fromAttributeValue);
  if ('M' in a) return fromAttributeMap(a.M as Record<string, unknown>);
  if ('SS' in a) return new Set(a.SS as string[]);
  if ('NS' in a) return new Set((a.NS as string[]).map(Number));
  if ('BS' in a) return new Set(a.BS as unknown[]);
  return v;
}
