import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { QueuePair } from './realm-messaging.construct';

export interface RealmAlarmsProps {
  realm: string;
  queues: QueuePair[];
  /** Literal rule name: the metric dimension wants the name, not the rule's Ref. */
  scheduleMissedRuleName: string;
  notices: sns.Topic;
}

/** Alarms that page through the notices topic: any message in a DLQ, any missed schedule. */
export class RealmAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: RealmAlarmsProps) {
    super(scope, id);
    const notify = new actions.SnsAction(props.notices);
    for (const { name, dlq } of props.queues) {
      const metric = dlq.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      });
      this.add(notify, metric, `Dlq-${name}`, `messages in dead-letter queue ${name}-dlq`);
    }
    // EventBridge counts matches per rule; one match means the scheduler gave up on a fire.
    const missed = new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName: 'MatchedEvents',
      dimensionsMap: { RuleName: props.scheduleMissedRuleName, EventBusName: `lava-${props.realm}` },
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
    this.add(notify, missed, 'ScheduleMissed', `Schedule Missed events on realm ${props.realm}`);
  }

  private add(notify: actions.SnsAction, metric: cloudwatch.IMetric, id: string, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(notify);
    this.alarms.push(alarm);
  }
}
