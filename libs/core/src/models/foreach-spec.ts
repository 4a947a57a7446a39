import { isPlainObject } from './json';

/** One foreach value generator's fields. */
export interface ForeachGeneratorFields {
  required: readonly string[];
  optional: readonly string[];
  /** Fields rendered with Jinja before use (unless `jinja: false`). */
  rendered: readonly string[];
}

/** Every foreach generator type and its fields: the one definition validation and handlers share. */
export const FOREACH_GENERATORS: Readonly<Record<string, ForeachGeneratorFields>> = {
  inline: { required: ['values'], optional: [], rendered: [] },
  range: { required: ['stop'], optional: ['start', 'step', 'name'], rendered: [] },
  csv: { required: ['filename'], optional: [], rendered: ['filename'] },
  jsonl: { required: ['filename'], optional: [], rendered: ['filename'] },
  // Never rendered: a query built from run inputs would be an injection path.
  query: { required: ['conn_id', 'query'], optional: [], rendered: [] },
  s3list: { required: ['bucket'], optional: ['prefix', 'glob'], rendered: ['bucket', 'prefix'] },
};

/** Parameters of a `foreach` job, beyond the fleet-mode ones. */
export const FOREACH_PARAMETERS = ['foreach', 'limit', 'can_fail', 'jinja'] as const;

/**
 * Problems in a `foreach.<…>` generator spec, as `[field, message]` pairs (empty when valid).
 *
 * @example checkForeachSpec({ type: 'range', stop: 3 }) → []
 */
export function checkForeachSpec(spec: unknown): Array<[string, string]> {
  if (!isPlainObject(spec)) return [['', 'foreach must be a map with a type']];
  const fields = typeof spec.type === 'string' ? FOREACH_GENERATORS[spec.type] : undefined;
  if (!fields)
    return [
      [
        'type',
        `No foreach handler for type ${String(spec.type)} (one of ${Object.keys(FOREACH_GENERATORS).join(', ')})`,
      ],
    ];
  const problems: Array<[string, string]> = [];
  const known = ['type', ...fields.required, ...fields.optional];
  for (const key of Object.keys(spec))
    if (!known.includes(key)) problems.push([key, `Unexpected field ${key} for foreach type ${spec.type}`]);
  for (const key of fields.required)
    if (!(key in spec)) problems.push([key, `foreach type ${spec.type} needs ${key}`]);
  if (
    spec.type === 'inline' &&
    'values' in spec &&
    !(Array.isArray(spec.values) && spec.values.every(isPlainObject))
  ) {
    problems.push(['values', 'values must be a list of maps']);
  }
  if (spec.type === 'range') {
    for (const key of ['start', 'stop', 'step']) {
      if (key in spec && !Number.isInteger(Number(spec[key])))
        problems.push([key, `${key} must be an integer`]);
    }
    if (Number(spec.step) === 0) problems.push(['step', 'step must not be 0']);
  }
  return problems;
}

/** True when a produced field name is reserved (`lava…`, any case). */
export function isReservedForeachName(name: string): boolean {
  return name.toLowerCase().startsWith('lava');
}
