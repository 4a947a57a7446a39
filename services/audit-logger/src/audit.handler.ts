import { ACK, type MessageDisposition } from '@lava/aws';
import { NO_TELEMETRY, parseLavaEvent, type ParsedLavaEvent, type Telemetry } from '@lava/core';
import type { Logger } from '@lava/logging';
import { decideAuditEntry, fallbackEventId, type AuditEntry } from './audit-entry';
import type { FleetCoordinator } from './fleet-coordinator';
import type { WriteOutcome } from './run-history.store';
import { needsStartCheck, parseStartCheck, type StartWatch } from './start-watch';

/**
 * Handles one audit-queue message (an EventBridge envelope of any Lava event). Unreadable
 * events are logged and acknowledged: a poison message must not block the queue, and the
 * event bus already delivered it to its real consumer. A failed write throws, leaving the
 * message for redelivery (and the DLQ after maxReceiveCount).
 */
export class AuditHandler {
  constructor(
    private readonly writer: { add(entry: AuditEntry): Promise<WriteOutcome> },
    private readonly logger: Logger,
    /** Absent when start checks are off (`LAVA_LOST_AFTER=off`). */
    private readonly startWatch?: StartWatch,
    /** The audit write span, in the trace of the event's sender (default: off). */
    private readonly telemetry: Telemetry = NO_TELEMETRY,
    /** Advances fleet-mode foreach and dag runs as their children end. */
    private readonly fleet?: Pick<FleetCoordinator, 'onEvent'>,
  ) {}

  async handle(message: { body: string; messageId: string }): Promise<MessageDisposition> {
    const check = parseStartCheck(message.body);
    if (check) {
      await this.startWatch?.settle(check);
      return ACK;
    }
    let event: ParsedLavaEvent;
    try {
      event = parseLavaEvent(message.body);
    } catch (err) {
      this.logger.error('unreadable event dropped', {
        message_id: message.messageId,
        error: err as Error,
        body: message.body.slice(0, 500),
      });
      return ACK;
    }
    const decision = decideAuditEntry(event, event.id ?? fallbackEventId(message.body));
    if (decision.kind === 'log') {
      this.logger[decision.level](decision.msg, {
        ...decision.fields,
        detail_type: event.detailType,
        source: event.source,
      });
      return ACK;
    }
    const e = decision.entry;
    const outcome = await this.telemetry.span(
      'lava.audit.write',
      { 'lava.job_id': e.job_id, 'lava.run_id': e.run_id, 'lava.status': e.status },
      () => this.writer.add(e),
      traceparentOf(event.detail),
    );
    // Armed after the write: a failed send redelivers the event, whose re-write is a no-op.
    if (this.startWatch && outcome !== 'duplicate' && needsStartCheck(e)) await this.startWatch.arm(e);
    // After the write, and also for a duplicate: a redelivery may follow a coordinator failure.
    await this.fleet?.onEvent(event);
    this.logger.debug('event recorded', {
      job_id: e.job_id,
      run_id: e.run_id,
      status: e.status,
      outcome,
      event_id: e.event_id,
    });
    return ACK;
  }
}

/** The sender's span, when the event carries one (the detail schemas check its format). */
function traceparentOf(detail: unknown): string | undefined {
  const value = (detail as { traceparent?: unknown } | undefined)?.traceparent;
  return typeof value === 'string' ? value : undefined;
}
