type JsonObject = Record<string, unknown>;

const isPlainObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Expands dotted keys (`{"a.b":1}` → `{"a":{"b":1}}`) the way Ruler's flattening makes them
 * equivalent. Returns the input itself when no key contains a dot, which is the common case.
 */
export function normalizeEvent<T>(event: T): T {
  return hasDottedKey(event) ? (expand(event) as T) : event;
}

function hasDottedKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasDottedKey);
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    if (key.includes('.') || hasDottedKey(value[key])) return true;
  }
  return false;
}

function expand(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expand);
  if (!isPlainObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const parts = key.split('.');
    let nested: unknown = expand(value[key]);
    for (let i = parts.length - 1; i >= 1; i--) nested = { [parts[i] as string]: nested };
    merge(out, parts[0] as string, nested);
  }
  return out;
}

// Two spellings of the same path: objects merge; otherwise both values are kept as an array,
// so a leaf matcher sees each of them (Ruler sees two values for the field).
function merge(target: JsonObject, key: string, value: unknown): void {
  if (!Object.prototype.hasOwnProperty.call(target, key)) {
    target[key] = value;
    return;
  }
  const existing = target[key];
  if (isPlainObject(existing) && isPlainObject(value)) {
    for (const k of Object.keys(value)) merge(existing, k, value[k]);
  } else {
    target[key] = [
      ...(Array.isArray(existing) ? existing : [existing]),
      ...(Array.isArray(value) ? value : [value]),
    ];
  }
}
