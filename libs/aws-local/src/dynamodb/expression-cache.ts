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

/** Builds a fresh parse tree with the given request's attribute values in it. */
type Build = (values: Record<string, unknown>) => unknown;

interface Entry {
  build: Build;
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
      return hit.build(ctx.attrVals ?? {});
    }
    const names = Object.keys(ctx.unusedAttrNames ?? {});
    const vals = Object.keys(ctx.unusedAttrVals ?? {});
    const tree = parse(expression, options);
    // dynalite's parsers return a message (a string) for an invalid expression: never cached.
    if (typeof tree !== 'object' || tree === null) return tree;
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, {
      build: compile(tree, valueKeys(ctx.attrVals ?? {})),
      usedNames: names.filter((k) => !(k in (ctx.unusedAttrNames ?? {}))),
      usedVals: vals.filter((k) => !(k in (ctx.unusedAttrVals ?? {}))),
    });
    return tree;
  };
}

/**
 * Expression, names and value types. Entries are not sorted: the same names or values in another
 * order only make another entry. Names and value keys are checked by dynalite before it parses
 * (`#name`, `:value`, letters, digits and `_` only), so the separators cannot occur in them.
 */
function cacheKey(expression: string, ctx: ParseContext): string {
  let key = `${expression}\u0000${JSON.stringify(ctx.attrNames ?? null)}\u0000`;
  const values = ctx.attrVals;
  if (values) for (const k in values) key += `${k}:${typeOf(values[k])},`;
  return key;
}

function typeOf(value: Record<string, unknown> | undefined): string {
  for (const t of TYPES) if (value?.[t] != null) return t;
  return '-';
}

function valueKeys(values: Record<string, unknown>): Map<unknown, string> {
  return new Map(Object.entries(values).map(([k, v]) => [v, k]));
}

/**
 * Compiles `tree` into a function that copies it with each of the request's value objects taken
 * from the new request. A copy every time, because dynalite writes into the tree it is given
 * (an update's `section.val`). Built once per entry, so a hit walks no keys and makes no entries
 * arrays.
 */
function compile(tree: unknown, keys: Map<unknown, string>): Build {
  const key = keys.get(tree);
  if (key !== undefined) return (values) => values[key];
  if (Array.isArray(tree)) {
    const items = tree.map((t) => compile(t, keys));
    return (values) => items.map((build) => build(values));
  }
  if (tree && typeof tree === 'object') {
    const names = Object.keys(tree);
    const fields = names.map((k) => compile((tree as Record<string, unknown>)[k], keys));
    return (values) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) out[names[i]!] = fields[i]!(values);
      return out;
    };
  }
  return () => tree;
}
