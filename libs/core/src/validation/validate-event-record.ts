import type { EventRecord } from '../models/event-record';
import {
  EVENT_RECORD_FIELDS,
  EVENT_RECORD_REQUIRED,
  EVENT_RECORD_SCHEMA,
} from '../schemas/event-record.schema';
import { checkRecord, finish, type ValidateOptions, type ValidationResult } from './record-validator';

/**
 * Validates an events-table item. Unknown top-level fields are warnings (strict: errors);
 * log entries have exactly `status`, `ts_event`, `tu_event`, `info`.
 *
 * @throws ValidationError listing every problem.
 */
export function validateEventRecord(raw: unknown, opts: ValidateOptions = {}): ValidationResult<EventRecord> {
  const ctx = checkRecord(
    raw,
    {
      kind: 'events',
      idField: 'run_id',
      schema: EVENT_RECORD_SCHEMA,
      required: EVENT_RECORD_REQUIRED,
      ignoreExtensions: false,
      knownFields: EVENT_RECORD_FIELDS,
    },
    opts,
  );
  const warnings = finish(ctx, 'events');
  return { value: ctx.record as unknown as EventRecord, warnings };
}
