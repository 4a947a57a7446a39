/**
 * InputTransformer templates. A template whose trimmed text starts with `{` is a
 * JSON template: a placeholder in value position becomes JSON, inside a string it becomes raw
 * text. Any other template is a string template emitted verbatim with raw values. A JSON template
 * that renders to invalid JSON is not delivered, as on AWS.
 */

/** `<name>`: names are map keys or the reserved `aws.events.*` variables. */
export const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/g;

/**
 * Variable lookup: undefined = not a variable; `{ value: undefined }` = the path was missing.
 * `json` marks the event variables, which are always inserted as JSON text.
 */
export type TemplateLookup = (name: string) => { value: unknown; json?: boolean } | undefined;

/** Placeholder names used by a template, in order of appearance (duplicates kept). */
export function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/**
 * Renders a template. `lookup` answers undefined for names that are not variables (left as
 * text) and `{ value: undefined }` for variables whose path is missing.
 * Returns undefined when the result must not be delivered.
 */
export function renderInputTemplate(template: string, lookup: TemplateLookup): string | undefined {
  if (!template.trimStart().startsWith('{')) {
    return template.replace(PLACEHOLDER, (text, name: string) => {
      const found = lookup(name);
      if (!found) return text;
      return found.json ? JSON.stringify(found.value) : rawText(found.value);
    });
  }
  const rendered = renderJsonTemplate(template, lookup);
  try {
    JSON.parse(rendered);
    return rendered;
  } catch {
    return undefined;
  }
}

function renderJsonTemplate(template: string, lookup: TemplateLookup): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i] as string;
    if (ch === '<') {
      const m = /^<([A-Za-z0-9_.-]+)>/.exec(template.slice(i));
      const found = m ? lookup(m[1] as string) : undefined;
      if (m && found) {
        out += inString ? inStringText(found.value) : jsonValue(found.value);
        i += m[0].length - 1;
        continue;
      }
    }
    if (inString && ch === '\\') {
      out += ch + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') inString = !inString;
    out += ch;
  }
  return out;
}

// Unquoted JSON value: strings are quoted, a missing path becomes "".
function jsonValue(value: unknown): string {
  return value === undefined ? '""' : JSON.stringify(value);
}

// Inside a JSON string: strings are escaped so they cannot break the JSON; objects and arrays
// are inserted as JSON, which breaks the document and so drops the event (AWS behaviour).
function inStringText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return JSON.stringify(value).slice(1, -1);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

// String template: strings raw; objects and arrays as JSON without quotes (`{a:x,b:1}`, `[A,B]`).
function rawText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value).replace(/"/g, '');
  return String(value);
}
