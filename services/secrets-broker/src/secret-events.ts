import type { PublishableEvent } from '@lava/aws';
import { buildLavaEvent, formatTimestamp, LAVA_SOURCES } from '@lava/core';
import type { RunGrantClaims } from '@lava/grants';

/** Publishes events on the realm bus (BusPublisher in production, an array in unit tests). */
export interface EventPublisher {
  publish(events: PublishableEvent[]): Promise<void>;
}

/** Who asked: from the verified grant when there is one, else what the request claimed. */
export interface SecretRequester {
  realm: string;
  connId: string;
  worker?: string;
  jobId?: string;
  runId?: string;
}

/**
 * `Secret Accessed` / `Secret Denied` events. They carry ids, the connection type and the
 * refusal code only: no secret value or token can reach the bus from here.
 */
export class SecretEvents {
  constructor(
    private readonly bus: EventPublisher,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  accessed(claims: RunGrantClaims, connId: string, connectionType: string): Promise<void> {
    const detail = {
      realm: claims.realm,
      job_id: claims.job_id,
      run_id: claims.run_id,
      worker: claims.worker,
      conn_id: connId,
      connection_type: connectionType,
      ts_event: formatTimestamp(this.clock()),
    };
    return this.bus.publish([
      buildLavaEvent('Secret Accessed', detail, { source: LAVA_SOURCES.secretsBroker }),
    ]);
  }

  denied(who: SecretRequester, code: string, reason: string): Promise<void> {
    const detail = {
      realm: who.realm,
      conn_id: who.connId,
      code,
      reason,
      ts_event: formatTimestamp(this.clock()),
      ...(who.worker !== undefined && { worker: who.worker }),
      ...(who.jobId !== undefined && { job_id: who.jobId }),
      ...(who.runId !== undefined && { run_id: who.runId }),
    };
    return this.bus.publish([
      buildLavaEvent('Secret Denied', detail, { source: LAVA_SOURCES.secretsBroker }),
    ]);
  }
}
