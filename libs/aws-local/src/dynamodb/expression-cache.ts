/** The slice of a dynalite expression parser (PEG.js) this cache wraps. */
export interface ExpressionParser {
  parse(expression: string, options: { context: ParseContext }): unknown;
}

/** What dynalite hands its parsers: names and values, and the sets of those not used yet. */
export interface ParseContext {
  attrNames?: Record<string, string>;
  attrVals?: Record<string, Record<string, unknown>>;
  unusedAttrNames?: Record<string, unknown>;
  unusedAttrVals?: Record<string, unknown>;
  [other: string]: unknown;
}

/** Where a request's attribute value goes in a cached expression tree. */
class Slot {
  constructor(readonly key: string) {}
}

interface Entry {
  template: unknown;
  usedNames: string[];
  usedVals: string[];
}

/** DynamoDB attribute value types, in the order dynalite's parsers test them. */
const TYPES = ['S', 'N', 'B', 'NULL', 'BOOL', 'SS', 'NS', 'BS', 'L', 'M'];
/** Checks that read a value itself, not only its type: such expressions are parsed every time. */
const VALUE_DEPENDENT = /between|attribute_type/i;
const MAX_ENTRIES = 5000;

/**
 * Makes `parser.parse` parse each distinct expression once. dynalite parses the condition, update
 * and projection expressions of every request again, which was most of the local endpoint's CPU:
 * callers send the same few expressions with new values each time. A parse depends on the
 * expression, the attribute names and the *types* of the values (its checks test types only,
 * except BETWEEN and attribute_type, never cached), so the tree is kept with the values taken out
 * and the request's values are put back into a copy. Failures (thrown, or returned as a message)
 * are not cached.
 */
export function cacheParses(parser: ExpressionParser): void {
  const parse = parser.parse.bind(parser);
  const cache = new Map<string, Entry>();
  parser.parse = (expression, options) => {
    const ctx = options.context;
    if (VALUE_DEPENDENT.test(expression)) return parse(expression, options);
    const key = cacheKey(expression, ctx);
    const hit = cache.get(key);
    if (hit) {
      hit.usedNames.forEach((k) => delete ctx.unusedAttrNames?.[k]);
      hit.usedVals.forEach((k) => delete ctx.unusedAttrVals?.[k]);
      return fill(hit.template, ctx.attrVals ?? {});
    }
    const names = Object.keys(ctx.unusedAttrNames ?? {});
    const vals = Object.keys(ctx.unusedAttrVals ?? {});
    const tree = parse(expression, options);
    // dynalite's parsers return a message (a string) for an invalid expression: never cached.
    if (typeof tree !== 'object' || tree === null) return tree;
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, {
      template: hollow(tree, valueKeys(ctx.attrVals ?? {})),
      usedNames: names.filter((k) => !(k in (ctx.unusedAttrNames ?? {}))),
      usedVals: vals.filter((k) => !(k in (ctx.unusedAttrVals ?? {}))),
    });
    return tree;
  };
}

function cacheKey(expression: string, ctx: ParseContext): string {
  const types = Object.entries(ctx.attrVals ?? {})
    .map(([k, v]) => `${k}:${TYPES.find((t) => v?.[t] != null) ?? '-'}`)
    .sort();
  return `${expression}\u0000${JSON.stringify(ctx.attrNames ?? null)}\u0000${types.join(',')}`;
}

function valueKeys(values: Record<string, unknown>): Map<unknown, string> {
  return new Map(Object.entries(values).map(([k, v]) => [v, k]));
}

/** A copy of `tree` with each of the request's value objects replaced by its slot. */
function hollow(tree: unknown, keys: Map<unknown, string>): unknown {
  const key = keys.get(tree);
  if (key !== undefined) return new Slot(key);
  if (Array.isArray(tree)) return tree.map((t) => hollow(t, keys));
  if (tree && typeof tree === 'object')
    return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, hollow(v, keys)]));
  return tree;
}

/** A fresh tree from `template` with this request's values in its slots. */
function fill(template: unknown, values: Record<string, unknown>): unknown {
  if (template instanceof Slot) return values[template.key];
  if (Array.isArray(template)) return template.map((t) => fill(t, values));
  if (template && typeof template === 'object')
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, values)]));
  return template;
}
