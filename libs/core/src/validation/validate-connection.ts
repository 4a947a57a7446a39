import type { ConnectionSpec } from '../models/connection';
import { CONNECTION_REQUIRED, CONNECTION_SAFE_FIELDS, CONNECTION_SCHEMA } from '../schemas/connection.schema';
import { parseBoolean } from '../values/boolean';
import { pointer } from './issues';
import { checkRecord, finish, type ValidateOptions, type ValidationResult } from './record-validator';

/**
 * Validates the common fields of a connection record; connector-specific fields pass
 * through for the connector to check. `enabled` is parsed strictly and defaults to false. Error
 * values are shown only for non-secret common fields.
 *
 * @throws ValidationError listing every problem.
 */
export function validateConnection(
  raw: unknown,
  opts: ValidateOptions = {},
): ValidationResult<ConnectionSpec> {
  const ctx = checkRecord(
    raw,
    {
      kind: 'connection',
      idField: 'conn_id',
      schema: CONNECTION_SCHEMA,
      required: CONNECTION_REQUIRED,
      ignoreExtensions: true,
      safeFields: CONNECTION_SAFE_FIELDS,
    },
    opts,
  );
  if (!('enabled' in ctx.record))
    ctx.issues.warn(pointer('enabled'), 'recommended', 'enabled is missing: the connection is disabled');
  const warnings = finish(ctx, 'connection');
  const rec = ctx.record;
  const value = {
    ...rec,
    type: String(rec.type).toLowerCase(),
    enabled: rec.enabled === undefined ? false : parseBoolean(rec.enabled),
  } as ConnectionSpec;
  return { value, warnings };
}
