import {
  PutMetricDataCommand,
  type CloudWatchClient,
  type MetricDatum as CwDatum,
} from '@aws-sdk/client-cloudwatch';
import type { MetricDatum, MetricSink } from '@lava/core';
import { translateAwsError } from '../errors';

/** PutMetricData takes at most this many datapoints per call. */
const PUT_BATCH = 1000;

/** The original's `CW_NAMESPACE` default (its code's value; its user guide says `lava`). */
export const DEFAULT_CW_NAMESPACE = 'Lava';

/**
 * CloudWatch custom metrics in one namespace, through the process's one CloudWatch client.
 *
 * @example
 * await new CloudWatchMetricSink(clients.cloudWatch, 'Lava').put([
 *   { name: 'JobFailed', value: 0, dimensions: { Realm: 'prod', Job: 'etl/load' } },
 * ]);
 */
export class CloudWatchMetricSink implements MetricSink {
  constructor(
    private readonly cloudWatch: CloudWatchClient,
    readonly namespace: string = DEFAULT_CW_NAMESPACE,
  ) {}

  async put(data: MetricDatum[]): Promise<void> {
    for (let i = 0; i < data.length; i += PUT_BATCH) {
      const batch = data.slice(i, i + PUT_BATCH).map(toCloudWatch);
      try {
        await this.cloudWatch.send(
          new PutMetricDataCommand({ Namespace: this.namespace, MetricData: batch }),
        );
      } catch (err) {
        throw translateAwsError(err, `CloudWatch namespace ${this.namespace}`);
      }
    }
  }
}

function toCloudWatch(d: MetricDatum): CwDatum {
  return {
    MetricName: d.name,
    Value: d.value,
    Unit: d.unit,
    Timestamp: d.timestamp,
    Dimensions: Object.entries(d.dimensions).map(([Name, Value]) => ({ Name, Value })),
  };
}
