/** SNS message attribute as published: DataType and its string or binary value. */
export interface SnsAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

type Condition = unknown;

function matchesNumeric(value: number, spec: unknown[]): boolean {
  for (let i = 0; i + 1 < spec.length; i += 2) {
    const op = spec[i];
    const bound = Number(spec[i + 1]);
    const ok =
      op === '='
        ? value === bound
        : op === '<'
          ? value < bound
          : op === '<='
            ? value <= bound
            : op === '>'
              ? value > bound
              : op === '>='
                ? value >= bound
                : false;
    if (!ok) return false;
  }
  return true;
}

function matchesCondition(values: (string | number)[] | undefined, condition: Condition): boolean {
  if (condition !== null && typeof condition === 'object' && !Array.isArray(condition)) {
    const spec = condition as Record<string, unknown>;
    if ('exists' in spec) return (values !== undefined) === spec.exists;
    if (values === undefined) return 'anything-but' in spec;
    return values.some((v) => matchesOperator(v, spec));
  }
  if (values === undefined) return false;
  return values.some((v) =>
    typeof condition === 'number' ? Number(v) === condition : String(v) === String(condition),
  );
}

function matchesOperator(value: string | number, spec: Record<string, unknown>): boolean {
  const text = String(value);
  if ('prefix' in spec) return text.startsWith(String(spec.prefix));
  if ('suffix' in spec) return text.endsWith(String(spec.suffix));
  if ('equals-ignore-case' in spec)
    return text.toLowerCase() === String(spec['equals-ignore-case']).toLowerCase();
  if ('numeric' in spec)
    return !Number.isNaN(Number(value)) && matchesNumeric(Number(value), spec.numeric as unknown[]);
  if ('anything-but' in spec) {
    const banned = spec['anything-but'];
    if (banned && typeof banned === 'object' && !Array.isArray(banned))
      return !matchesOperator(value, banned as Record<string, unknown>);
    return !(Array.isArray(banned) ? banned : [banned]).some((b) => String(b) === text);
  }
  return false;
}

/** True when every key's condition list has one matching condition (MessageAttributes scope subset). */
export function matchesFilterPolicy(
  policy: Record<string, unknown>,
  lookup: (key: string) => (string | number)[] | undefined,
): boolean {
  return Object.entries(policy).every(([key, conditions]) => {
    if (key === '$or' && Array.isArray(conditions))
      return conditions.some((p) => matchesFilterPolicy(p as Record<string, unknown>, lookup));
    if (conditions && typeof conditions === 'object' && !Array.isArray(conditions)) {
      return matchesFilterPolicy(conditions as Record<string, unknown>, (k) => lookup(`${key}.${k}`));
    }
    return (Array.isArray(conditions) ? conditions : [conditions]).some((c) =>
      matchesCondition(lookup(key), c),
    );
  });
}

/** Values of a message attribute for filtering (String.Array expands to its elements). */
export function attributeValues(attribute: SnsAttribute | undefined): (string | number)[] | undefined {
  if (!attribute) return undefined;
  if (attribute.DataType.startsWith('String.Array')) {
    try {
      return JSON.parse(attribute.StringValue ?? '[]') as (string | number)[];
    } catch {
      return [attribute.StringValue ?? ''];
    }
  }
  if (attribute.DataType.startsWith('Number')) return [Number(attribute.StringValue)];
  return [attribute.StringValue ?? attribute.BinaryValue ?? ''];
}

/** Values at a dotted path of a JSON body (MessageBody scope); arrays contribute every element. */
export function bodyValues(body: unknown, path: string): (string | number)[] | undefined {
  let current: unknown[] = [body];
  for (const part of path.split('.')) {
    current = current.flatMap((node) => {
      if (!node || typeof node !== 'object' || Array.isArray(node) || !(part in node)) return [];
      const next = (node as Record<string, unknown>)[part];
      return Array.isArray(next) ? next : [next];
    });
  }
  return current.length > 0 ? (current as (string | number)[]) : undefined;
}
