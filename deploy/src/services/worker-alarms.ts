import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { FleetConfig } from '../config';

export interface WorkerAlarmsProps {
  realm: string;
  fleet: FleetConfig;
  queue: sqs.IQueue;
  logGroup: logs.ILogGroup;
  notices: sns.ITopic;
}

/**
 * The original's worker alarms, per fleet: queue depth above `queueDepthAlarm` (a dead or
 * overloaded fleet), and no heartbeat line for 5 minutes. The heartbeat metric keeps the
 * original's name and namespace (`LogMetrics`, `lava-<realm>-<worker>-heartbeat`).
 */
export function addWorkerAlarms(scope: Construct, id: string, props: WorkerAlarmsProps): cloudwatch.Alarm[] {
  const { realm, fleet, queue, logGroup } = props;
  const notify = new actions.SnsAction(props.notices);
  const alarms: cloudwatch.Alarm[] = [];
  if (fleet.queueDepthAlarm > 0)
    alarms.push(
      new cloudwatch.Alarm(scope, `${id}QueueDepth`, {
        alarmName: `lava-${realm}-${fleet.name}-queue-depth`,
        alarmDescription: `Queue depth of lava-${realm}-${fleet.name} above ${fleet.queueDepthAlarm}`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: fleet.queueDepthAlarm,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  const metricName = `lava-${realm}-${fleet.name}-heartbeat`;
  new logs.MetricFilter(scope, `${id}HeartbeatFilter`, {
    logGroup,
    filterPattern: logs.FilterPattern.literal(
      `{ $.event_type = "heartbeat" && $.realm = "${realm}" && $.worker = "${fleet.name}" }`,
    ),
    metricNamespace: 'LogMetrics',
    metricName,
    metricValue: '1',
  });
  alarms.push(
    new cloudwatch.Alarm(scope, `${id}Heartbeat`, {
      alarmName: metricName,
      alarmDescription: `No heartbeat for lava-${realm}-${fleet.name}`,
      metric: new cloudwatch.Metric({
        namespace: 'LogMetrics',
        metricName,
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // No data is what a dead worker fleet produces.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    }),
  );
  for (const alarm of alarms) alarm.addAlarmAction(notify);
  return alarms;
}
