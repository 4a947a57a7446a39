/**
 * JSON round-trip rendering of structured values: action `parameters`,
 * state `value`, `event_log`, s3trigger and dispatch-job `parameters`/`globals`.
 *
 * - `mode: 'leaves'` (default, the reference's improvement): walk the value and render each
 *   string (keys included) as its own template. Same results as the original for every spec
 *   that worked there, but rendered values may contain `"`, `\` and newlines, and templates
 *   may use double quotes.
 * - `mode: 'text'` (compatibility flag): serialise to JSON, render the whole text as one
 *   template, parse it back — byte-for-byte the original's behaviour, including its failures.
 * - `typed: true` (opt-in, leaves mode): a leaf that is exactly `{{ expr | tojson }}` becomes
 *   the parsed JSON value instead of a string.
 */
import { TemplateRenderError, type RenderWhere } from './errors';
import { PyDatetime } from './py/datetime';
import { isDict } from './py/values';

export interface JsonRenderOptions {
  mode?: 'leaves' | 'text';
  typed?: boolean;
}

/** `(template, field, keepTrailingNewline) => rendered` */
export type LeafRender = (template: string, field: string, keepTrailingNewline: boolean) => string;

const TOJSON_LEAF = /^\s*\{\{[^]*\|\s*tojson\s*\}\}\s*$/;

/**
 * What the original's JSON encoder wrote for non-JSON values: ISO text for datetimes (Python
 * `isoformat()`), else the value's own JSON form. A function (not an arrow) so `this[key]` is
 * the raw value, before `Date.prototype.toJSON` has turned it into `...Z` text.
 */
function jsonReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Date) return PyDatetime.fromDate(raw).isoformat();
  if (typeof value === 'bigint') return Number(value);
  return value;
}

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, jsonReplacer) ?? 'null') as unknown;
}

function renderText(value: unknown, render: LeafRender, where: RenderWhere): unknown {
  const text = JSON.stringify(value, jsonReplacer) ?? 'null';
  const rendered = render(text, where.field, true);
  try {
    return JSON.parse(rendered) as unknown;
  } catch (err) {
    throw new TemplateRenderError({
      field: where.field,
      template: text,
      reason: `rendered text is not valid JSON (${(err as Error).message})`,
      cause: err,
    });
  }
}

function renderLeaf(s: string, field: string, render: LeafRender, typed: boolean): unknown {
  // Text without template syntax comes back untouched (no compile). Leaves keep their trailing
  // newline: in the original it was JSON-escaped inside the text and never stripped.
  const out = render(s, field, true);
  if (!typed || !TOJSON_LEAF.test(s)) return out;
  try {
    return JSON.parse(out) as unknown;
  } catch (err) {
    throw new TemplateRenderError({
      field,
      template: s,
      reason: `tojson output is not valid JSON (${(err as Error).message})`,
      cause: err,
    });
  }
}

function walk(value: unknown, field: string, render: LeafRender, typed: boolean): unknown {
  if (typeof value === 'string') return renderLeaf(value, field, render, typed);
  if (Array.isArray(value)) return value.map((v, i) => walk(v, `${field}[${i}]`, render, typed));
  if (!isDict(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = String(renderLeaf(k, `${field} key ${JSON.stringify(k)}`, render, false));
    out[key] = walk(v, `${field}.${k}`, render, typed);
  }
  return out;
}

/** Renders a JSON value; see the module comment for the modes. */
export function renderJson(
  value: unknown,
  render: LeafRender,
  where: RenderWhere,
  opts: JsonRenderOptions = {},
): unknown {
  if (opts.mode === 'text') return renderText(value, render, where);
  return walk(plain(value), where.field, render, opts.typed ?? false);
}
