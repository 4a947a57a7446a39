import { parseLeafElement } from './leaf-validator';
import type { PatternField, PatternNode } from './pattern-ast';
import { EventPatternError } from './pattern-error';

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses and validates an event pattern as EventBridge does, throwing `EventPatternError` with
 * Event Ruler's reason for anything AWS refuses.
 *
 * @example parseEventPattern('{"source":["aws.s3"],"detail":{"size":[{"numeric":[">",0]}]}}')
 */
export function parseEventPattern(text: string): PatternNode {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new EventPatternError((err as Error).message);
  }
  return validateEventPattern(json);
}

/** Validates an already-parsed pattern value (must be a JSON object). */
export function validateEventPattern(json: unknown): PatternNode {
  if (!isObject(json)) throw new EventPatternError('Filter is not an object');
  return parseObject(json);
}

function parseObject(obj: JsonObject): PatternNode {
  const keys = Object.keys(obj);
  if (keys.length === 0) throw new EventPatternError('Empty objects are not allowed');
  const node: PatternNode = { fields: [], orGroups: [] };
  for (const key of keys) {
    const value = obj[key];
    if (key === '$or' && Array.isArray(value) && value.length >= 2) {
      node.orGroups.push(value.map(parseOrBranch));
    } else {
      addField(node, nestDottedKey(key, parseFieldValue(key, value)));
    }
  }
  return node;
}

function parseOrBranch(branch: unknown): PatternNode {
  if (!isObject(branch)) throw new EventPatternError('Filter is not an object');
  return parseObject(branch);
}

function parseFieldValue(key: string, value: unknown): PatternField['node'] {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new EventPatternError('Empty arrays are not allowed');
    return value.map(parseLeafElement);
  }
  if (isObject(value)) return parseObject(value);
  throw new EventPatternError(`"${key}" must be an object or an array`);
}

// Ruler flattens field names with '.', so `"a.b": [...]` is the same path as `{"a":{"b":[...]}}`.
// Events get the same treatment (event-normalizer.ts), which keeps both spellings equivalent.
function nestDottedKey(key: string, node: PatternField['node']): PatternField {
  const parts = key.split('.');
  let field: PatternField = { key: parts[parts.length - 1] as string, node };
  for (let i = parts.length - 2; i >= 0; i--) {
    field = { key: parts[i] as string, node: { fields: [field], orGroups: [] } };
  }
  return field;
}

// Two spellings of one object path merge into one node, so array elements stay consistent across
// them; two leaves on one path stay separate fields (both must match).
function addField(node: PatternNode, field: PatternField): void {
  const existing = node.fields.find((f) => f.key === field.key);
  if (existing && !Array.isArray(existing.node) && !Array.isArray(field.node)) {
    for (const child of field.node.fields) addField(existing.node, child);
    existing.node.orGroups.push(...field.node.orGroups);
    return;
  }
  node.fields.push(field);
}
