import { AwsError } from '../contracts';
import { templatePlaceholders } from './input-template';
import { parseJsonPath } from './json-path';
import type { TargetRecord } from './state';
import { PREDEFINED_VARIABLES } from './target-input';
import { constraintError, RULE_NAME, validationError } from './validation';

const MAX_PATHS = 100;
const MAX_TEMPLATE = 8192;

/**
 * Whole-request checks of one PutTargets entry (AWS refuses the request, not the entry).
 * `position` is 1-based, as in AWS's `targets.1.member.id`.
 */
export function validateTarget(raw: unknown, position: number): TargetRecord {
  if (typeof raw !== 'object' || raw === null) throw validationError(`Target ${position} must be an object.`);
  const target = raw as TargetRecord;
  const id: unknown = target.Id;
  if (typeof id !== 'string')
    throw constraintError(`targets.${position}.member.id`, id, 'Member must not be null');
  if (id.length < 1 || id.length > 64) {
    throw constraintError(
      `targets.${position}.member.id`,
      id,
      'Member must have length less than or equal to 64',
    );
  }
  if (!RULE_NAME.test(id)) {
    throw constraintError(
      `targets.${position}.member.id`,
      id,
      'Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+',
    );
  }
  if (typeof target.Arn !== 'string' || target.Arn === '') {
    throw constraintError(`targets.${position}.member.arn`, target.Arn, 'Member must not be null');
  }
  validateInputs(target);
  return target;
}

function validateInputs(target: TargetRecord): void {
  const given = [target.Input, target.InputPath, target.InputTransformer].filter(
    (v) => v !== undefined && v !== null,
  );
  if (given.length > 1)
    throw validationError(
      `Only one of Input, InputPath, or InputTransformer must be provided for target ${target.Id}.`,
    );
  if (
    target.InputPath !== undefined &&
    (typeof target.InputPath !== 'string' || !parseJsonPath(target.InputPath))
  ) {
    throw validationError(`Target ${target.Id} has an invalid InputPath.`);
  }
  if (target.InputTransformer !== undefined) validateTransformer(target);
}

function validateTransformer(target: TargetRecord): void {
  const t = target.InputTransformer as { InputPathsMap?: Record<string, unknown>; InputTemplate?: unknown };
  if (typeof t.InputTemplate !== 'string' || t.InputTemplate.length > MAX_TEMPLATE) {
    throw constraintError(
      'inputTemplate',
      t.InputTemplate,
      `Member must have length less than or equal to ${MAX_TEMPLATE}`,
    );
  }
  const map = t.InputPathsMap ?? {};
  const keys = Object.keys(map);
  if (keys.length > MAX_PATHS)
    throw validationError(`InputPathsMap for target ${target.Id} has more than ${MAX_PATHS} entries.`);
  for (const key of keys) {
    if ((PREDEFINED_VARIABLES as readonly string[]).includes(key) || key.startsWith('aws.')) {
      throw validationError(
        `InputTransformer for target ${target.Id} contains reserved variable name ${key}.`,
      );
    }
    const path = map[key];
    if (typeof path !== 'string' || !parseJsonPath(path)) {
      throw validationError(`Target ${target.Id} has an invalid InputPathsMap entry for ${key}.`);
    }
  }
  for (const name of templatePlaceholders(t.InputTemplate)) {
    if (!keys.includes(name) && !(PREDEFINED_VARIABLES as readonly string[]).includes(name)) {
      throw validationError(`InputTemplate for target ${target.Id} contains invalid placeholder ${name}.`);
    }
  }
}

/** Per-entry check (reported in FailedEntries): FIFO queues need a message group. */
export function targetEntryError(target: TargetRecord): AwsError | undefined {
  const isFifoQueue = /^arn:aws[\w-]*:sqs:/.test(target.Arn) && target.Arn.endsWith('.fifo');
  if (isFifoQueue && !target.SqsParameters?.MessageGroupId) {
    return new AwsError(
      'ValidationException',
      `Parameter(s) SqsParameters must be specified for target: ${target.Id}.`,
    );
  }
  return undefined;
}
