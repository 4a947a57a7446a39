import { CronSyntaxError } from './errors';
import { FieldSet, FieldSpec, makeFieldSet } from './cron-field';

/** Parses one field: a comma list of `*`, `n`, `a-b`, each optionally followed by `/step`. */
export function parseField(text: string, spec: FieldSpec, source: string): FieldSet {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    for (const v of parseItem(item, spec, text, source)) values.add(v);
  }
  return makeFieldSet(values, spec.max, text.startsWith('*'));
}

function parseItem(item: string, spec: FieldSpec, text: string, source: string): number[] {
  const fail = (why: string): never => {
    throw new CronSyntaxError(`Bad ${spec.name} field "${text}" in "${source}": ${why}`, {
      expression: source,
      field: spec.name,
      value: text,
    });
  };
  if (item === '') fail('empty list item');
  const [rangeText = '', stepText, extra] = item.split('/');
  if (extra !== undefined) fail(`"${item}" has more than one "/"`);
  const step = stepText === undefined ? 1 : parseStep(stepText, fail);
  const [low, high] = parseRange(rangeText, spec, stepText !== undefined, fail);
  const out: number[] = [];
  for (let v = low; v <= high; v += step) out.push(v);
  return out;
}

function parseStep(text: string, fail: (why: string) => never): number {
  if (!/^\d+$/.test(text) || Number(text) === 0) fail(`step "${text}" must be a positive integer`);
  return Number(text);
}

function parseRange(
  text: string,
  spec: FieldSpec,
  stepped: boolean,
  fail: (why: string) => never,
): [number, number] {
  // Weekday 7 is only an alias of Sunday: "*" and "n/step" stop at Saturday so no day repeats.
  const top = spec.max === 7 ? 6 : spec.max;
  if (text === '*') return [spec.min, top];
  const [lowText = '', highText, extra] = text.split('-');
  if (extra !== undefined) fail(`"${text}" is not a valid range (use a-b)`);
  const low = parseValue(lowText, spec, fail);
  // "a/step" means "a through the field maximum, every step" (as cronie and Quartz read it).
  if (highText === undefined) return [low, stepped ? top : low];
  const high = parseValue(highText, spec, fail);
  if (low > high) fail(`range ${lowText}-${highText} is reversed; a range must go from low to high`);
  return [low, high];
}

function parseValue(text: string, spec: FieldSpec, fail: (why: string) => never): number {
  const allowed = `${spec.min}-${spec.max}${spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : ''}`;
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < spec.min || n > spec.max) fail(`value ${text} is outside ${spec.min}-${spec.max}`);
    return n;
  }
  const idx = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  if (idx >= 0) return idx + (spec.nameBase ?? 0);
  if (/[#?]|^L|^\d*[LW]$/i.test(text))
    fail(`"${text}" uses L, W, # or ?, which are not supported; allowed: ${allowed}`);
  return fail(`"${text}" is not a valid value; allowed: ${allowed}`);
}
