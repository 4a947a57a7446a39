import {
  parseBoolean,
  STATUS,
  NO_TELEMETRY,
  type MetricDatum,
  type MetricSink,
  type RunJob,
  type RunStatus,
  type Telemetry,
} from '@lava/core';
import type { Logger } from '@lava/logging';

export interface RunMetricsOptions {
  realm: string;
  worker: string;
  telemetry?: Telemetry;
  /** CloudWatch; absent means no job metrics go to CloudWatch whatever the jobs say. */
  cloudWatch?: MetricSink;
  /** `CW_METRICS_JOB`: jobs without a `cw_metrics` field follow it. */
  cwMetricsDefault: boolean;
  clock: () => Date;
  logger: Logger;
  /** Told of every start and end (the worker's own per-period counts). */
  tally?: RunTally;
}

/** Counts of runs started and ended, kept by whoever reports on the worker as a whole. */
export interface RunTally {
  started(): void;
  finished(failed: boolean): void;
}

/**
 * Job metrics of a run: OpenTelemetry histograms, and the original's CloudWatch metrics for jobs
 * whose `cw_metrics` is true (`RunDelay` by Realm and Worker; `RunTime`, `JobFailed` by Realm and
 * Job; timestamped at dispatch, as the original does). A CloudWatch failure is logged, never a
 * reason to fail the run.
 */
export class RunMetrics {
  private readonly telemetry: Telemetry;

  constructor(private readonly opts: RunMetricsOptions) {
    this.telemetry = opts.telemetry ?? NO_TELEMETRY;
  }

  /** The run passed its enable checks and is about to run its handler. */
  async started(job: RunJob): Promise<void> {
    this.opts.tally?.started();
    const delay = seconds(job.ts_start, job.ts_dispatch);
    this.telemetry.record('runStartDelay', delay, { realm: this.opts.realm, worker: this.opts.worker });
    if (this.cwMetrics(job))
      await this.put(job, [
        {
          name: 'RunDelay',
          value: delay,
          unit: 'Seconds',
          dimensions: { Realm: this.opts.realm, Worker: this.opts.worker },
          timestamp: job.ts_dispatch,
        },
      ]);
  }

  /** The run's handler and actions are done (a final status, not a retry hand-back). */
  async finished(job: RunJob, status: RunStatus): Promise<void> {
    this.opts.tally?.finished(status !== STATUS.complete);
    const runTime = seconds(this.opts.clock(), job.ts_start);
    this.telemetry.record('runDuration', runTime, { realm: this.opts.realm, status });
    if (!this.cwMetrics(job)) return;
    const dimensions = { Realm: this.opts.realm, Job: job.job_id };
    const failed = status === STATUS.complete ? 0 : 1;
    await this.put(job, [
      { name: 'RunTime', value: runTime, unit: 'Seconds', dimensions, timestamp: job.ts_dispatch },
      { name: 'JobFailed', value: failed, dimensions, timestamp: job.ts_dispatch },
    ]);
  }

  /** The job's `cw_metrics` wins; else the worker/realm default (as the original decides). */
  private cwMetrics(job: RunJob): boolean {
    if (!this.opts.cloudWatch) return false;
    const own = job.cw_metrics;
    if (own === undefined || own === null) return this.opts.cwMetricsDefault;
    return parseBoolean(own);
  }

  private async put(job: RunJob, data: MetricDatum[]): Promise<void> {
    try {
      await this.opts.cloudWatch!.put(data);
    } catch (err) {
      this.opts.logger.warn('CloudWatch metrics not put', {
        job_id: job.job_id,
        run_id: job.run_id,
        metrics: data.map((d) => d.name).join(','),
        error: err as Error,
      });
    }
  }
}

function seconds(later: Date, earlier: Date): number {
  return Math.max(0, (later.getTime() - earlier.getTime()) / 1000);
}
