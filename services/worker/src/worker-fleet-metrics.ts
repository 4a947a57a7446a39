import type { MetricDatum, MetricSink } from '@lava/core';
import type { Logger } from '@lava/logging';

export interface WorkerFleetMetricsOptions {
  realm: string;
  worker: string;
  /** This process (`Instance` dimension): host name and pid. */
  instance: string;
  /** Runs this process may run at once (`LAVA_WORKER_CONCURRENCY`). */
  slots: number;
  /** Seconds between puts (`CW_METRICS_PERIOD`, the original's default 1m). */
  periodSeconds: number;
  cloudWatch: MetricSink;
  clock: () => Date;
  logger: Logger;
}

/**
 * The worker's own CloudWatch metrics (`CW_METRICS_WORKER`), by Realm, Worker and Instance, put
 * once a period: runs started, finished and failed in the period, busy slots at its end, and the
 * original's WorkerThreadsAlive (slots) and MaxRss. A failed put is logged and the counts are
 * kept for the next one, so a CloudWatch outage loses no run.
 */
export class WorkerFleetMetrics {
  private counts = { started: 0, finished: 0, failed: 0 };
  private timer: NodeJS.Timeout | undefined;
  private busy: () => number = () => 0;

  constructor(private readonly opts: WorkerFleetMetricsOptions) {}

  /** A run passed its checks and starts its handler. */
  started(): void {
    this.counts.started++;
  }

  /** A run ended with a final status. */
  finished(failed: boolean): void {
    this.counts.finished++;
    if (failed) this.counts.failed++;
  }

  /** Starts putting once a period; `busy` counts the runs in progress (the queue transport's). */
  start(busy: () => number): void {
    this.busy = busy;
    if (this.timer) return;
    this.timer = setInterval(() => void this.put(), this.opts.periodSeconds * 1000);
    this.timer.unref();
  }

  /** Stops the timer and puts what the last period counted. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.put();
  }

  async put(): Promise<void> {
    const counts = this.counts;
    this.counts = { started: 0, finished: 0, failed: 0 };
    try {
      await this.opts.cloudWatch.put(this.data(counts));
    } catch (err) {
      this.counts.started += counts.started;
      this.counts.finished += counts.finished;
      this.counts.failed += counts.failed;
      this.opts.logger.warn('worker CloudWatch metrics not put', { error: err as Error });
    }
  }

  private data(counts: { started: number; finished: number; failed: number }): MetricDatum[] {
    const dimensions = { Realm: this.opts.realm, Worker: this.opts.worker, Instance: this.opts.instance };
    const timestamp = this.opts.clock();
    const datum = (name: string, value: number, unit: MetricDatum['unit'] = 'Count'): MetricDatum => ({
      name,
      value,
      unit,
      dimensions,
      timestamp,
    });
    return [
      datum('RunsStarted', counts.started),
      datum('RunsFinished', counts.finished),
      datum('RunsFailed', counts.failed),
      datum('BusySlots', this.busy()),
      datum('WorkerThreadsAlive', this.opts.slots),
      // resourceUsage reports kilobytes.
      datum('MaxRss', process.resourceUsage().maxRSS * 1024, 'Bytes'),
    ];
  }
}
