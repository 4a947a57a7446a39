import { LavaError } from '../errors';

/** Stable codes of trigger errors. Values never change once published. */
export const TRIGGER_ERROR_CODES = {
  /** A message on the trigger queue is neither an S3 event (either form) nor a rule event. */
  EVENT_UNRECOGNISED: 'LAVA_TRIGGER_EVENT_UNRECOGNISED',
  /** A trigger names an `if_*` condition that is not registered, or gives it a bad argument. */
  BAD_CONDITION: 'LAVA_TRIGGER_BAD_CONDITION',
} as const;

/** The trigger queue received something that cannot be read as an event (permanent). */
export class TriggerEventError extends LavaError {
  override readonly name = 'TriggerEventError';
  constructor(message: string, context: Record<string, unknown> = {}) {
    super(TRIGGER_ERROR_CODES.EVENT_UNRECOGNISED, message, { context });
  }
}

/** A trigger condition cannot be evaluated (unknown name or bad argument). */
export class TriggerConditionError extends LavaError {
  override readonly name = 'TriggerConditionError';
  constructor(
    readonly condition: string,
    message: string,
  ) {
    super(TRIGGER_ERROR_CODES.BAD_CONDITION, `${condition}: ${message}`, { context: { condition } });
  }
}
