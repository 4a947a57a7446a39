import type { RealmSpec } from '../models/realm';
import { REALM_REQUIRED, REALM_SCHEMA } from '../schemas/realm.schema';
import { checkActionLists } from './validate-actions';
import { checkRecord, finish, type ValidateOptions, type ValidationResult } from './record-validator';

/**
 * Validates a `lava.realms` record. Unknown fields are tolerated silently (subsystems read
 * extra realm fields); `config` defaults to `{}`.
 *
 * @throws ValidationError listing every problem.
 */
export function validateRealm(raw: unknown, opts: ValidateOptions = {}): ValidationResult<RealmSpec> {
  const ctx = checkRecord(
    raw,
    {
      kind: 'realm',
      idField: 'realm',
      schema: REALM_SCHEMA,
      required: REALM_REQUIRED,
      ignoreExtensions: true,
    },
    opts,
  );
  checkActionLists(ctx);
  const warnings = finish(ctx, 'realm');
  const value = { ...ctx.record, config: ctx.record.config ?? {} } as RealmSpec;
  return { value, warnings };
}
