import { AwsError } from '../contracts';

/** Request members as they arrive from the JSON protocol. */
export type Input = Record<string, unknown>;

/** ValidationException with AWS's message. */
export const validationError = (message: string): AwsError => new AwsError('ValidationException', message);

/** AWS's model-constraint wording, e.g. for `name`: `1 validation error detected: Value 'x' at 'name' …`. */
export function constraintError(wireName: string, value: unknown, constraint: string): AwsError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return validationError(
    `1 validation error detected: Value ${shown} at '${wireName}' failed to satisfy constraint: ${constraint}`,
  );
}

/** A required string member (`Name` → wire name `name`). */
export function requireString(input: Input, member: string): string {
  const value = input[member];
  if (typeof value !== 'string') throw constraintError(wireName(member), value, 'Member must not be null');
  return value;
}

/** An optional string member; a wrong type is a validation error. */
export function optionalString(input: Input, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw constraintError(wireName(member), value, 'Member must be a string');
  return value;
}

/** Checks a name against AWS's pattern and maximum length. */
export function checkName(value: string, member: string, pattern: RegExp, max: number): void {
  if (value.length < 1 || value.length > max) {
    throw constraintError(wireName(member), value, `Member must have length less than or equal to ${max}`);
  }
  if (!pattern.test(value)) {
    const source = pattern.source.replace(/^\^/, '').replace(/\$$/, '');
    throw constraintError(
      wireName(member),
      value,
      `Member must satisfy regular expression pattern: ${source}`,
    );
  }
}

/** `Limit` members: an integer 1–100 when present. */
export function optionalLimit(input: Input): number | undefined {
  const value = input['Limit'];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100) {
    throw constraintError('limit', value, 'Member must have value between 1 and 100');
  }
  return value;
}

// Wire names in AWS messages are lower camel case (`EventBusName` → `eventBusName`).
const wireName = (member: string): string => member.charAt(0).toLowerCase() + member.slice(1);

/** Rule and target ids: `[\.\-_A-Za-z0-9]+`, at most 64 characters. */
export const RULE_NAME = /^[.\-_A-Za-z0-9]+$/;
/** Bus names: `[/\.\-_A-Za-z0-9]+`, at most 256 characters. */
export const BUS_NAME = /^[/.\-_A-Za-z0-9]+$/;
