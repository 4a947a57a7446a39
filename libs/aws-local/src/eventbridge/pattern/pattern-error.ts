/**
 * An event pattern AWS would refuse. `reason` is Event Ruler's wording; the message carries the
 * prefix AWS adds, so the service can answer `InvalidEventPatternException` with it verbatim.
 */
export class EventPatternError extends Error {
  override readonly name = 'EventPatternError';
  readonly code = 'InvalidEventPatternException';

  constructor(readonly reason: string) {
    super(`Event pattern is not valid. Reason: ${reason}`);
  }
}
