import { createHash } from 'node:crypto';
import { ACK, type MessageDisposition } from '@lava/aws';
import {
  findTriggerLevel,
  isPlainObject,
  isUnderLocation,
  readS3Events,
  RULE_EVENT_KEY,
  s3DedupKey,
  TriggerEventError,
  type JsonMap,
  type S3EventRecord,
} from '@lava/core';
import type { Logger } from '@lava/logging';
import { buildTriggerContext, buildUtils, type Renderer, type RenderContext } from '@lava/templating';
import type { DispatchRequestHandler } from './dispatch-request.handler';
import { DISPATCH_REJECTION_CODES as CODES } from './errors';
import { deterministicRunId } from './run-id';
import {
  checkTriggerJob,
  planRuleTrigger,
  planS3Trigger,
  type TriggerOutcome,
  type TriggerRender,
} from './trigger-plan';
import type { TtlMap } from './ttl-map';

/** The ports the trigger handler works through. */
export interface TriggerPorts {
  /** s3triggers on exactly (bucket, prefix) (`s3trigger-index`). */
  triggers: { atLocation(bucket: string, prefix: string): Promise<Record<string, unknown>[]> };
  rules: { get(ruleId: string): Promise<Record<string, unknown> | undefined> };
  jobs: { get(jobId: string): Promise<Record<string, unknown> | undefined> };
  dispatches: Pick<DispatchRequestHandler, 'dispatchRequest' | 'publishRejection'>;
}

export interface TriggerHandlerOptions {
  realm: string;
  /** Region for events that carry none. */
  region: string;
  /** The realm's `s3_temp`: the worker's outputs land there and must never trigger a run. */
  outputLocation?: string;
  /** The dedup window (`LAVA_S3TRIGGER_DEDUP_*`): change key → first message id. */
  dedup: TtlMap<string>;
  renderer: Renderer;
  logger: Logger;
}

/**
 * Handles one trigger-queue message (`lava-<realm>-s3events`): S3 object events matched against
 * the s3triggers, and rule events (`{"lava_rule": id, "event": {...}}`) from rule triggers. Each
 * dispatch goes through the dispatcher's own path with an idempotency key from the event, so a
 * redelivered event starts one run; every refusal is a `Dispatch Rejected` event.
 */
export class TriggerHandler {
  constructor(
    private readonly opts: TriggerHandlerOptions,
    private readonly ports: TriggerPorts,
  ) {}

  async handle(message: { body: string; messageId: string }): Promise<MessageDisposition> {
    const outcomes = await this.plan(message.body, message.messageId);
    let index = 0;
    for (const outcome of outcomes) {
      const checked =
        outcome.kind === 'request'
          ? checkTriggerJob(outcome.request, await this.ports.jobs.get(outcome.request.job_id))
          : outcome;
      if (checked.kind === 'request') {
        const position = index++;
        const runId = deterministicRunId(message.messageId, position);
        await this.ports.dispatches.dispatchRequest(
          { ...checked.request, run_id: runId },
          message.messageId,
          `${message.messageId}/${position}`,
        );
      } else if (checked.kind === 'reject') {
        const { kind: _kind, source, ...r } = checked;
        // A run_id gives the rejection its own events-table item, so `lava runs <job>` shows it.
        const runId = r.job_id ? { run_id: deterministicRunId(message.messageId, index++) } : {};
        await this.ports.dispatches.publishRejection(
          { ...r, ...runId, requested_by: source },
          message.messageId,
        );
      } else
        this.opts.logger.info('trigger skipped', {
          trigger: checked.source,
          reason: checked.reason,
          object: checked.object,
          message_id: message.messageId,
        });
    }
    return ACK;
  }

  private async plan(body: string, messageId: string): Promise<TriggerOutcome[]> {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = body;
    }
    if (isPlainObject(json) && RULE_EVENT_KEY in json) return this.planRule(json);
    let records: S3EventRecord[];
    try {
      records = readS3Events(json, this.opts.region);
    } catch (err) {
      if (!(err instanceof TriggerEventError)) throw err;
      return [
        {
          kind: 'reject',
          source: 'trigger-queue',
          job_id: '',
          code: CODES.TRIGGER_EVENT_UNRECOGNISED,
          reason: err.message,
        },
      ];
    }
    const outcomes: TriggerOutcome[] = [];
    for (const record of records) outcomes.push(...(await this.planRecord(record, messageId)));
    return outcomes;
  }

  private async planRecord(record: S3EventRecord, messageId: string): Promise<TriggerOutcome[]> {
    const { info } = record;
    const where = `s3://${info.bucket}/${info.key}`;
    if (isUnderLocation(info, this.opts.outputLocation)) {
      this.opts.logger.debug('realm output ignored (never triggers)', { object: where });
      return [];
    }
    if (this.isDuplicate(record, messageId))
      return [
        {
          kind: 'skip',
          source: 'dedup',
          reason: `repeat of ${info.event_type} within the dedup window`,
          object: where,
        },
      ];
    const level = await findTriggerLevel(info.key, (prefix) =>
      this.ports.triggers.atLocation(info.bucket, prefix),
    );
    if (!level) {
      this.opts.logger.info('no trigger for object', { object: where, event_type: info.event_type });
      return [];
    }
    const render = this.renderWith(
      buildTriggerContext({ bucket: info.bucket, key: info.key, info, event: record.event }),
    );
    return level.triggers
      .flatMap((t) => planS3Trigger(t, record, render))
      .map((o) => (o.kind === 'skip' ? { ...o, object: where } : o));
  }

  /** First sighting wins; the same message redelivered (a crash mid-way) is not a repeat. */
  private isDuplicate(record: S3EventRecord, messageId: string): boolean {
    const { dedup } = this.opts;
    if (!dedup.enabled) return false;
    const key = s3DedupKey(record.info);
    const first = dedup.get(key);
    if (first !== undefined && first !== messageId) return true;
    dedup.set(key, messageId);
    return false;
  }

  private async planRule(envelope: Record<string, unknown>): Promise<TriggerOutcome[]> {
    const ruleId = String(envelope[RULE_EVENT_KEY]);
    const event = isPlainObject(envelope.event) ? (envelope.event as JsonMap) : {};
    const rule = await this.ports.rules.get(ruleId);
    if (!rule) {
      const reason = `rule ${ruleId} has no record in the rules table (deleted while its events were in flight, or its EventBridge rule was made by hand)`;
      return [{ kind: 'reject', source: `rule:${ruleId}`, job_id: '', code: CODES.TRIGGER_INVALID, reason }];
    }
    const eventId =
      typeof event.id === 'string'
        ? event.id
        : createHash('sha256').update(JSON.stringify(event)).digest('hex').slice(0, 32);
    return planRuleTrigger(rule, eventId, this.renderWith({ event, utils: buildUtils() }));
  }

  /**
   * Trigger templates render synchronously, in this process: they are small (a job id, a few
   * parameters), budgeted by the renderer's limits, and the dispatcher runs no jobs whose
   * health a slow render could hold up; the worker renders job templates on threads
   * (`RenderThreadPool` in @lava/runner).
   */
  private renderWith(context: RenderContext): TriggerRender {
    const { renderer } = this.opts;
    return {
      json: (value, field) => renderer.renderJsonRoundTrip<JsonMap>(value, context, { field }),
      text: (template, field) => renderer.render(template, context, { field }),
    };
  }
}
