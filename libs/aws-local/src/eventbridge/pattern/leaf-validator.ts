import { parseCidr } from './cidr';
import type { LeafMatcher, NumericBound } from './pattern-ast';
import { EventPatternError } from './pattern-error';
import { parseWildcard } from './wildcard';

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates one element of a leaf array (a value or a one-key operator object). */
export function parseLeafElement(element: Json): LeafMatcher {
  if (
    element === null ||
    typeof element === 'string' ||
    typeof element === 'number' ||
    typeof element === 'boolean'
  ) {
    return { kind: 'exact', value: element };
  }
  if (!isObject(element))
    throw new EventPatternError('Match value must be String, number, true, false, or null');
  const keys = Object.keys(element);
  if (keys.length === 0) throw new EventPatternError('Empty objects are not allowed');
  if (keys.length > 1) throw new EventPatternError('Only one key allowed in match expression');
  const op = keys[0] as string;
  return parseOperator(op, element[op]);
}

function parseOperator(op: string, arg: Json): LeafMatcher {
  switch (op) {
    case 'prefix':
    case 'suffix':
      return parseAffix(op, arg);
    case 'equals-ignore-case':
      return { kind: 'equals-ignore-case', value: requireString(arg, 'equals-ignore-case') };
    case 'wildcard': {
      const value = requireString(arg, 'wildcard');
      parseWildcard(value);
      return { kind: 'wildcard', value };
    }
    case 'anything-but':
      return parseAnythingBut(arg);
    case 'numeric':
      return { kind: 'numeric', bounds: parseNumeric(arg) };
    case 'cidr':
      // AWS answers a non-string CIDR with the prefix wording (recorded against AWS).
      parseCidr(requireString(arg, 'prefix'));
      return { kind: 'cidr', value: arg as string };
    case 'exists':
      if (typeof arg !== 'boolean')
        throw new EventPatternError('exists match pattern must be either true or false.');
      return { kind: 'exists', value: arg };
    default:
      throw new EventPatternError(`Unrecognized match type ${op}`);
  }
}

function requireString(arg: Json, what: string): string {
  if (typeof arg !== 'string') throw new EventPatternError(`${what} match pattern must be a string`);
  return arg;
}

function parseAffix(op: 'prefix' | 'suffix', arg: Json): LeafMatcher {
  if (isObject(arg)) {
    const keys = Object.keys(arg);
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') {
      throw new EventPatternError(`${op} match pattern must be a string`);
    }
    return {
      kind: op,
      value: requireString(arg['equals-ignore-case'], 'equals-ignore-case'),
      ignoreCase: true,
    };
  }
  return { kind: op, value: requireString(arg, op), ignoreCase: false };
}

const ANYTHING_BUT_VALUE = 'Value of anything-but must be an array or single string/number value.';

function parseAnythingBut(arg: Json): LeafMatcher {
  if (typeof arg === 'string' || typeof arg === 'number')
    return { kind: 'anything-but', mode: 'exact', values: [arg] };
  if (Array.isArray(arg)) {
    if (arg.length === 0) throw new EventPatternError('Empty arrays are not allowed');
    for (const v of arg) {
      if (typeof v !== 'string' && typeof v !== 'number') {
        throw new EventPatternError('Inside anything but list, start|null|boolean is not supported.');
      }
    }
    return { kind: 'anything-but', mode: 'exact', values: arg as Array<string | number> };
  }
  if (!isObject(arg)) throw new EventPatternError(ANYTHING_BUT_VALUE);
  const keys = Object.keys(arg);
  if (keys.length !== 1)
    throw new EventPatternError(
      keys.length === 0 ? 'Empty objects are not allowed' : 'Only one key allowed in match expression',
    );
  const mode = keys[0] as string;
  const inner = arg[mode];
  switch (mode) {
    case 'prefix':
    case 'suffix':
      return { kind: 'anything-but', mode, values: anythingButAffixes(inner) };
    case 'equals-ignore-case':
      return {
        kind: 'anything-but',
        mode,
        values: anythingButStrings(
          inner,
          'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
        ),
      };
    case 'wildcard': {
      const values = anythingButStrings(inner, 'wildcard match pattern must be a string');
      values.forEach((v) => parseWildcard(v));
      return { kind: 'anything-but', mode, values };
    }
    default:
      throw new EventPatternError(`Unsupported anything-but pattern: ${mode}`);
  }
}

// Inside anything-but AWS words both forms the same way: `prefix/suffix match pattern …`.
function anythingButAffixes(inner: Json): string[] {
  if (isObject(inner)) throw new EventPatternError(ANYTHING_BUT_VALUE);
  const values = anythingButStrings(inner, 'prefix/suffix match pattern must be a string');
  if (values.some((v) => v === '')) throw new EventPatternError('Null prefix/suffix not allowed');
  return values;
}

function anythingButStrings(inner: Json, message: string): string[] {
  const list = Array.isArray(inner) ? inner : [inner];
  if (list.length === 0) throw new EventPatternError('Empty arrays are not allowed');
  for (const v of list) if (typeof v !== 'string') throw new EventPatternError(message);
  return list as string[];
}

const OPS = new Set(['=', '<', '<=', '>', '>=']);

/** `[op, n]` or `[">"|">=", lo, "<"|"<=", hi]`, with Ruler's messages for every malformed form. */
export function parseNumeric(arg: Json): NumericBound[] {
  if (!Array.isArray(arg)) throw new EventPatternError('Value of numeric must be an array.');
  if (arg.length === 0) throw new EventPatternError('Invalid member in numeric match: ]');
  const first = parseBound(arg[0], arg[1], 'Invalid member in numeric match');
  if (arg.length <= 2) return [first];
  if (first.op !== '>' && first.op !== '>=')
    throw new EventPatternError('Too many elements in numeric expression');
  const second = parseBound(arg[2], arg[3], 'Bad value in numeric range');
  if (second.op !== '<' && second.op !== '<=')
    throw new EventPatternError(`Bad numeric range operator: ${second.op}`);
  if (second.value <= first.value) throw new EventPatternError('Bottom must be less than top');
  if (arg.length > 4) throw new EventPatternError('Too many terms in numeric range expression');
  return [first, second];
}

function parseBound(op: unknown, value: unknown, notStringMessage: string): NumericBound {
  if (typeof op !== 'string') throw new EventPatternError(`${notStringMessage}: ${JSON.stringify(op)}`);
  if (!OPS.has(op)) throw new EventPatternError(`Unrecognized numeric range operator: ${op}`);
  if (typeof value !== 'number')
    throw new EventPatternError(`Value of ${op === '=' ? 'equals' : op} must be numeric`);
  return { op: op as NumericBound['op'], value };
}
