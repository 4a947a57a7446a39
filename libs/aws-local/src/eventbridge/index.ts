export { EventBridgeService, type EventBridgeServiceOptions } from './eventbridge.service';
export type { DeliveryFailure } from './event-router';
export type { EventEnvelope } from './event-envelope';
export {
  compileEventPattern,
  testEventPattern,
  parseEventPattern,
  normalizeEvent,
  EventPatternError,
  type EventMatcher,
} from './pattern';
