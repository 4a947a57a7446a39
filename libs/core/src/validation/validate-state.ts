import type { StateRecord } from '../models/state';
import { STATE_REQUIRED, STATE_SCHEMA } from '../schemas/state.schema';
import { PATTERNS } from '../values/patterns';
import { pointer } from './issues';
import { checkRecord, finish, type ValidateOptions, type ValidationResult } from './record-validator';

/**
 * Validates a state item as read or about to be written: strict keys (Python readers
 * reject extras), `x-` keys not ignored, `lava*` ids refused (the original API did not check;
 * the CLI and the action did). Values are never shown: state may be secure.
 *
 * @throws ValidationError listing every problem.
 */
export function validateStateRecord(raw: unknown, opts: ValidateOptions = {}): ValidationResult<StateRecord> {
  const ctx = checkRecord(
    raw,
    {
      kind: 'state',
      idField: 'state_id',
      schema: STATE_SCHEMA,
      required: STATE_REQUIRED,
      ignoreExtensions: false,
      safeFields: ['state_id', 'type', 'timestamp', 'ttl', 'publisher'],
    },
    opts,
  );
  const id = ctx.record.state_id;
  if (typeof id === 'string' && PATTERNS.reservedName.test(id)) {
    ctx.issues.error(
      pointer('state_id'),
      'reserved-name',
      'Bad state_id: Values beginning with "lava" are reserved',
      id,
    );
  }
  const warnings = finish(ctx, 'state');
  return { value: ctx.record as unknown as StateRecord, warnings };
}

/** Whether a state item has expired: DynamoDB deletes lazily, so readers must check `ttl`. */
export function isStateExpired(item: Pick<StateRecord, 'ttl'>, now: Date): boolean {
  return item.ttl * 1000 <= now.getTime();
}
