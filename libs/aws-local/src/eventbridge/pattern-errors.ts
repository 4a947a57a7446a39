import { AwsError } from '../contracts';
import { EventPatternError } from './pattern';

/** Maps the pure pattern module's error onto the wire error; anything else is rethrown untouched. */
export function toPatternError(err: unknown): unknown {
  return err instanceof EventPatternError ? new AwsError('InvalidEventPatternException', err.message) : err;
}
