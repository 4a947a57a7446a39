import {
  AwsError,
  type EventSink,
  type InternalEvent,
  type JsonService,
  type Persistable,
  type RequestContext,
  type SqsDelivery,
} from '../contracts';
import { createEventBus, deleteEventBus, describeEventBus, listEventBuses } from './bus-operations';
import { putEvents, putInternal, testPattern } from './event-operations';
import { EventRouter, type DeliveryFailure } from './event-router';
import { restoreStore, snapshotStore } from './persistence';
import {
  deleteRule,
  describeRule,
  listRuleNamesByTarget,
  listRules,
  putRule,
  setRuleState,
} from './rule-operations';
import { EventBridgeStore, type RegionState } from './state';
import { listTagsForResource, tagResource, untagResource } from './tags';
import { listTargetsByRule, putTargets, removeTargets } from './target-operations';
import type { Input } from './validation';

/** Options of {@link EventBridgeService}. */
export interface EventBridgeServiceOptions {
  /** Where SQS targets are delivered. */
  sqs: SqsDelivery;
  /** Time source for ingestion times and bus timestamps; defaults to the wall clock. */
  clock?: () => Date;
  /** Called when a matched event could not be delivered (the event is dropped, as on AWS). */
  onDeliveryFailure?: (failure: DeliveryFailure) => void;
}

type Operation = (
  region: RegionState,
  input: Input,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/**
 * EventBridge for the local endpoint (`X-Amz-Target: AWSEvents.<Op>`): buses, rules with the full
 * event-pattern language, SQS targets with Input/InputPath/InputTransformer, PutEvents and
 * TestEventPattern. State is kept per (account, region).
 *
 * @example
 * const events = new EventBridgeService({ sqs });
 * await events.handle('PutRule', { Name: 'r', EventPattern: '{"source":["app"]}' }, ctx);
 */
export class EventBridgeService implements JsonService, EventSink, Persistable {
  private readonly store: EventBridgeStore;
  private readonly router: EventRouter;
  private readonly clock: () => Date;
  private readonly operations: Record<string, Operation>;

  constructor(options: EventBridgeServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.store = new EventBridgeStore(this.clock);
    this.router = new EventRouter(options.sqs, options.onDeliveryFailure ?? (() => undefined));
    this.operations = this.buildOperations();
  }

  async handle(
    operation: string,
    input: Record<string, unknown>,
    ctx: RequestContext,
  ): Promise<Record<string, unknown>> {
    const op = Object.prototype.hasOwnProperty.call(this.operations, operation)
      ? this.operations[operation]
      : undefined;
    if (!op) {
      throw new AwsError(
        'UnknownOperationException',
        `Operation ${operation} is not supported by the local EventBridge (events) endpoint.`,
      );
    }
    return op(this.store.region(ctx), input ?? {});
  }

  async putInternalEvents(
    ctx: Pick<RequestContext, 'region' | 'account'>,
    events: InternalEvent[],
  ): Promise<void> {
    await putInternal(this.store.region(ctx), events, this.router, this.clock());
  }

  snapshot(): unknown {
    return snapshotStore(this.store);
  }

  restore(data: unknown): void {
    restoreStore(this.store, data);
  }

  private buildOperations(): Record<string, Operation> {
    const now = (): Date => this.clock();
    return {
      CreateEventBus: (r, i) => createEventBus(r, i, now()),
      DescribeEventBus: describeEventBus,
      DeleteEventBus: deleteEventBus,
      ListEventBuses: listEventBuses,
      PutRule: putRule,
      DescribeRule: describeRule,
      ListRules: listRules,
      EnableRule: (r, i) => setRuleState(r, i, 'ENABLED'),
      DisableRule: (r, i) => setRuleState(r, i, 'DISABLED'),
      DeleteRule: deleteRule,
      ListRuleNamesByTarget: listRuleNamesByTarget,
      PutTargets: putTargets,
      RemoveTargets: removeTargets,
      ListTargetsByRule: listTargetsByRule,
      PutEvents: (r, i) => putEvents(r, i, this.router, now()),
      TestEventPattern: (_r, i) => testPattern(i),
      TagResource: tagResource,
      UntagResource: untagResource,
      ListTagsForResource: listTagsForResource,
    };
  }
}
