import { Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { FleetConfig } from '../config';

export interface BacklogScalingProps {
  cluster: ecs.ICluster;
  service: ecs.FargateService;
  /** Physical ECS service name (the service's own attribute is a token, unusable in a policy name). */
  serviceName: string;
  queue: sqs.IQueue;
  fleet: FleetConfig;
}

/**
 * Target tracking on "backlog per task": (visible + in-flight messages) / running tasks, the
 * scaling signal AWS recommends for queue workers. The CDK L2 policy only takes a single metric,
 * so the metric-math form is written at the CloudFormation level.
 */
export function addBacklogScaling(
  scope: Construct,
  id: string,
  props: BacklogScalingProps,
): appscaling.CfnScalingPolicy {
  const { cluster, service, serviceName, queue, fleet } = props;
  const target = new appscaling.ScalableTarget(scope, `${id}Target`, {
    serviceNamespace: appscaling.ServiceNamespace.ECS,
    scalableDimension: 'ecs:service:DesiredCount',
    resourceId: `service/${cluster.clusterName}/${service.serviceName}`,
    minCapacity: fleet.minTasks,
    maxCapacity: fleet.maxTasks,
    // The service-linked role ECS scaling always uses (as ecs.FargateService.autoScaleTaskCount does);
    // without it CDK would create an extra role with no permissions.
    role: iam.Role.fromRoleArn(
      scope,
      `${id}Role`,
      Stack.of(scope).formatArn({
        service: 'iam',
        region: '',
        resource: 'role/aws-service-role/ecs.application-autoscaling.amazonaws.com',
        resourceName: 'AWSServiceRoleForApplicationAutoScaling_ECSService',
      }),
    ),
  });
  const sqsMetric = (id: string, metricName: string) => ({
    id,
    returnData: false,
    metricStat: {
      metric: {
        namespace: 'AWS/SQS',
        metricName,
        dimensions: [{ name: 'QueueName', value: queue.queueName }],
      },
      stat: 'Sum',
    },
  });
  return new appscaling.CfnScalingPolicy(scope, `${id}Policy`, {
    policyName: `${serviceName}-backlog-per-task`,
    policyType: 'TargetTrackingScaling',
    scalingTargetId: target.scalableTargetId,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: fleet.backlogPerTask,
      scaleOutCooldown: 60,
      scaleInCooldown: 300,
      customizedMetricSpecification: {
        metrics: [
          sqsMetric('visible', 'ApproximateNumberOfMessagesVisible'),
          sqsMetric('inflight', 'ApproximateNumberOfMessagesNotVisible'),
          {
            id: 'tasks',
            returnData: false,
            metricStat: {
              metric: {
                namespace: 'ECS/ContainerInsights',
                metricName: 'RunningTaskCount',
                dimensions: [
                  { name: 'ClusterName', value: cluster.clusterName },
                  { name: 'ServiceName', value: serviceName },
                ],
              },
              stat: 'Average',
            },
          },
          // With no task running the backlog itself is the signal, so a fleet can scale from zero.
          {
            id: 'backlog',
            expression: '(visible + inflight) / IF(tasks > 0, tasks, 1)',
            label: 'backlog per task',
            returnData: true,
          },
        ],
      },
    },
  });
}
