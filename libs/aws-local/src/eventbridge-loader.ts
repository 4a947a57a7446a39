import type { EventSink, JsonService, Persistable, SqsDelivery } from './contracts';

/** What the EventBridge module (built separately in ./eventbridge) provides. */
export type EventBridgeLike = JsonService & EventSink & Partial<Persistable> & { close?(): void };

type EventBridgeModule = {
  EventBridgeService?: new (options: {
    sqs: SqsDelivery;
    clock?: () => Date;
    onDeliveryFailure?: (failure: DeliveryFailureReport) => void;
  }) => EventBridgeLike;
};

/** A matched event that did not reach its target (as on AWS, PutEvents still succeeded). */
export interface DeliveryFailureReport {
  ruleArn: string;
  targetArn: string;
  eventId: string;
  error: unknown;
}

/**
 * Loads `./eventbridge` when it is present. It is optional at runtime so the edge works (and answers
 * EventBridge calls with a clear 400) in a tree where that module is not there yet.
 */
export function loadEventBridge(
  sqs: SqsDelivery,
  onDeliveryFailure?: (failure: DeliveryFailureReport) => void,
): EventBridgeLike | undefined {
  let mod: EventBridgeModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('./eventbridge') as EventBridgeModule;
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code === 'MODULE_NOT_FOUND' && /eventbridge['"]/.test(e.message ?? '')) return undefined;
    throw error;
  }
  return mod.EventBridgeService ? new mod.EventBridgeService({ sqs, onDeliveryFailure }) : undefined;
}
