/** One step of a JSONPath: an object key or an array index. */
export type JsonPathStep = string | number;

const BRACKET = /^\[(?:(\d+)|'([^']*)'|"([^"]*)")\]/;
const DOT_NAME = /^\.([^.[\]]+)/;

/**
 * Parses the JSONPath subset EventBridge targets use (`$`, `$.a.b`, `$.detail-type`,
 * `$.resources[0]`, `$['a.b']`); undefined when the text is not such a path.
 */
export function parseJsonPath(path: string): JsonPathStep[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const steps: JsonPathStep[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const bracket = BRACKET.exec(rest);
    const dot = bracket ? null : DOT_NAME.exec(rest);
    const match = bracket ?? dot;
    if (!match) return undefined;
    if (bracket)
      steps.push(bracket[1] !== undefined ? Number(bracket[1]) : ((bracket[2] ?? bracket[3]) as string));
    else steps.push(match[1] as string);
    rest = rest.slice(match[0].length);
  }
  return steps;
}

/** The value at `steps`, or undefined when any step is missing. */
export function evaluateJsonPath(steps: JsonPathStep[], root: unknown): unknown {
  let value: unknown = root;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(value)) return undefined;
      value = value[step];
    } else {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
      if (!Object.prototype.hasOwnProperty.call(value, step)) return undefined;
      value = (value as Record<string, unknown>)[step];
    }
  }
  return value;
}
