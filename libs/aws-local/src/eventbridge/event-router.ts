import type { SqsDelivery } from '../contracts';
import type { EventEnvelope } from './event-envelope';
import { normalizeEvent } from './pattern';
import { RuleIndex } from './rule-index';
import type { BusRecord, RegionState, RuleRecord, TargetRecord } from './state';
import { renderTargetInput, type DeliveryContext } from './target-input';

/** Why a matched event did not reach a target; never surfaces in PutEvents (as on AWS). */
export interface DeliveryFailure {
  ruleArn: string;
  targetId: string;
  targetArn: string;
  eventId: string;
  error: unknown;
}

const SQS_ARN = /^arn:aws[\w-]*:sqs:/;

/**
 * Routes envelopes on a bus to the targets of its matching enabled rules. Rule indexes are built
 * lazily per bus and rebuilt only after a rule or bus change.
 */
export class EventRouter {
  private readonly indexes = new WeakMap<BusRecord, { version: number; index: RuleIndex }>();

  constructor(
    private readonly sqs: SqsDelivery,
    private readonly onFailure: (failure: DeliveryFailure) => void,
  ) {}

  /** Delivers in order, one event after another, so FIFO targets see the entries' order. */
  async route(
    region: RegionState,
    bus: BusRecord,
    events: EventEnvelope[],
    ingestionTime: Date,
  ): Promise<void> {
    const index = this.indexFor(region, bus);
    for (const event of events) {
      const rules = index.matching(event, normalizeEvent(event));
      if (rules.length === 0) continue;
      let json: string | undefined;
      const eventJson = (): string => (json ??= JSON.stringify(event));
      for (const rule of rules) {
        const ctx: DeliveryContext = { ruleName: rule.name, ruleArn: rule.arn, ingestionTime, eventJson };
        for (const target of rule.targets.values()) await this.deliver(rule, target, event, ctx);
      }
    }
  }

  private indexFor(region: RegionState, bus: BusRecord): RuleIndex {
    const cached = this.indexes.get(bus);
    if (cached && cached.version === region.version) return cached.index;
    const index = new RuleIndex(bus);
    this.indexes.set(bus, { version: region.version, index });
    return index;
  }

  private async deliver(
    rule: RuleRecord,
    target: TargetRecord,
    event: EventEnvelope,
    ctx: DeliveryContext,
  ): Promise<void> {
    const failure = (error: unknown): void =>
      this.onFailure({
        ruleArn: rule.arn,
        targetId: target.Id,
        targetArn: target.Arn,
        eventId: event.id,
        error,
      });
    try {
      const body = renderTargetInput(target, event, ctx);
      if (body === undefined) return;
      if (!SQS_ARN.test(target.Arn)) {
        failure(new Error(`target type not supported by the local endpoint: ${target.Arn}`));
        return;
      }
      const fifo = target.Arn.endsWith('.fifo');
      await this.sqs.sendToQueueArn(target.Arn, body, {
        messageGroupId: fifo ? target.SqsParameters?.MessageGroupId : undefined,
        messageDeduplicationId: fifo ? event.id : undefined,
      });
    } catch (error) {
      failure(error);
    }
  }
}
