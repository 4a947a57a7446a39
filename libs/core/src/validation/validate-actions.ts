import { ACTION_LIST_KEYS, type Action } from '../models/action';
import { isPlainObject } from '../models/json';
import { PATTERNS } from '../values/patterns';
import { ACTION_SCHEMAS } from '../schemas/action.schema';
import { compileSchema } from './ajv';
import { joinPointer, pointer } from './issues';
import type { RecordContext } from './record-validator';

/**
 * Checks the `on_success`/`on_fail`/`on_retry` lists of a job or realm record, and
 * normalises the `lava` alias to `dispatch` (an improvement: the original's run time refused it).
 */
export function checkActionLists(ctx: RecordContext): void {
  for (const key of ACTION_LIST_KEYS) {
    const list = ctx.record[key];
    if (!Array.isArray(list)) continue;
    ctx.record[key] = list.map((action, i) => checkAction(ctx, action, pointer(key, i), key));
  }
}

function checkAction(ctx: RecordContext, action: unknown, path: string, key: string): unknown {
  if (!isPlainObject(action)) return action;
  const type = action.action === 'lava' ? 'dispatch' : action.action;
  const rules = typeof type === 'string' ? ACTION_SCHEMAS[type] : undefined;
  if (!rules) {
    const name = typeof type === 'string' ? type : '(missing)';
    ctx.issues.error(
      joinPointer(path, 'action'),
      'action-type',
      `${key} action: ${name}: unknown action`,
      action.action,
    );
    return action;
  }
  const validate = compileSchema(rules.schema);
  if (!validate(action)) ctx.issues.addAjvErrors(validate.errors, path);
  if (!rules.strict) warnUnknownKeys(ctx, action, rules.schema, path);
  if (type === 'state') checkStateId(ctx, action.state_id, path);
  return { ...action, action: type } as Action;
}

function warnUnknownKeys(
  ctx: RecordContext,
  action: Record<string, unknown>,
  schema: object,
  path: string,
): void {
  const known = Object.keys((schema as { properties: object }).properties);
  for (const k of Object.keys(action).filter((k) => !known.includes(k))) {
    ctx.issues.warn(joinPointer(path, k), 'unknown-field', `Unexpected keys: ${k}`, undefined, ctx.strict);
  }
}

function checkStateId(ctx: RecordContext, stateId: unknown, path: string): void {
  if (typeof stateId === 'string' && PATTERNS.reservedName.test(stateId)) {
    ctx.issues.error(
      joinPointer(path, 'state_id'),
      'reserved-name',
      'Bad state_id: Values beginning with "lava" are reserved',
      stateId,
    );
  }
}
