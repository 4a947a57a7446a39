import { LavaError } from '@lava/errors';
/**
 * An event pattern AWS would refuse. `reason` is Event Ruler's wording; the message carries the
 * prefix AWS adds, so the service can answer `InvalidEventPatternException` with it verbatim.
 */
export class EventPatternError extends LavaError {
  override readonly name = 'EventPatternError';

  constructor(readonly reason: string) {
    super('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`);
  }
}
