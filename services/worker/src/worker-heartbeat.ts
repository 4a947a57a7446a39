import type { Telemetry } from '@lava/core';
import type { Logger } from '@lava/logging';

export interface WorkerHeartbeatOptions {
  realm: string;
  worker: string;
  periodSeconds: number;
  /** The worker queue's approximate counts (`queueCounts`). */
  depth: () => Promise<{ visible: number; in_flight: number }>;
  /** Runs in progress on this worker. */
  inFlight: () => number;
  telemetry: Telemetry;
  logger: Logger;
}

/**
 * The original worker's heartbeat: one log line per period, `heartbeat realm=<r> worker=<w>`,
 * with `event_source: lava-worker`, `event_type: heartbeat`, the queue's depth (`sqs.messages`,
 * `sqs.notvisible`, -1 when unreadable), runs in progress (`internal.qlen`) and the state of the
 * worker's loops (`threads`). A log metric filter on these lines feeds the liveness alarm, so the
 * line is written whatever the log level. Also samples the `lava.queue.backlog` gauge.
 */
export class WorkerHeartbeat {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: WorkerHeartbeatOptions) {}

  start(): void {
    if (this.timer || this.opts.periodSeconds <= 0) return;
    this.timer = setInterval(() => void this.beat(), this.opts.periodSeconds * 1000);
    // The heartbeat never keeps a stopping process alive.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async beat(): Promise<void> {
    const { realm, worker, logger } = this.opts;
    const depth = await this.opts.depth().then(
      (c) => ({ messages: c.visible, notvisible: c.in_flight }),
      (err: unknown) => {
        logger.warn('heartbeat could not read the queue depth', { error: err as Error });
        return { messages: -1, notvisible: -1 };
      },
    );
    if (depth.messages >= 0) this.opts.telemetry.record('queueBacklog', depth.messages, { realm, worker });
    logger.lifecycle(`heartbeat realm=${realm} worker=${worker}`, {
      event_source: 'lava-worker',
      event_type: 'heartbeat',
      sqs: depth,
      internal: { qlen: this.opts.inFlight() },
      // Loops of this process (the original named its threads); a dead loop writes no heartbeat.
      threads: { consumer: 'OK', heartbeat: 'OK' },
    });
  }
}
