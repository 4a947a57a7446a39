import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { acknowledgeWildcardResource } from '../nag-acknowledgements';

/** What workers' `ecs` jobs may use, from the deploy context (docs/deploy.md); no clusters: no grant. */
export interface EcsJobGrantOptions {
  /** Clusters `ecs` jobs run tasks on. */
  clusterArns: string[];
  /** Task and execution roles of those tasks' definitions (iam:PassRole to ecs-tasks only). */
  passRoleArns: string[];
  /** Log groups the tasks' awslogs output goes to (read back with GetLogEvents). */
  logGroupArns: string[];
}

/**
 * The worker's permissions for `ecs` jobs (docs/ecs-jobs.md): RunTask only on the named clusters,
 * DescribeTasks/StopTask on their tasks, DescribeTaskDefinition, PassRole of the tasks' roles to
 * ECS, and GetLogEvents on the tasks' log groups.
 */
export function grantEcsJobs(role: iam.IGrantable, options: EcsJobGrantOptions): void {
  if (options.clusterArns.length === 0) return;
  const principal = role.grantPrincipal as unknown as IConstruct;
  const add = (statement: iam.PolicyStatementProps) =>
    role.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement(statement));
  add({
    sid: 'EcsJobsRun',
    actions: ['ecs:RunTask'],
    resources: ['*'],
    conditions: { ArnEquals: { 'ecs:cluster': options.clusterArns } },
  });
  const tasks = options.clusterArns.map((arn) => `${arn.replace(':cluster/', ':task/')}/*`);
  add({ sid: 'EcsJobsWatch', actions: ['ecs:DescribeTasks', 'ecs:StopTask'], resources: tasks });
  // DescribeTaskDefinition has no resource-level permissions.
  add({ sid: 'EcsJobsDefinitions', actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] });
  if (options.passRoleArns.length > 0)
    add({
      sid: 'EcsJobsPassRoles',
      actions: ['iam:PassRole'],
      resources: options.passRoleArns,
      conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    });
  const streams = options.logGroupArns.map((arn) => `${arn.replace(/:\*$/, '')}:log-stream:*`);
  if (streams.length > 0) add({ sid: 'EcsJobsLogs', actions: ['logs:GetLogEvents'], resources: streams });
  const why = 'ecs jobs (workerEcsClusterArns in the deploy context)';
  acknowledgeWildcardResource(
    principal,
    '*',
    `RunTask is limited by the ecs:cluster condition; DescribeTaskDefinition has no resource-level permissions: ${why}.`,
  );
  for (const arn of [...tasks, ...streams, ...options.passRoleArns.filter((a) => a.includes('*'))])
    acknowledgeWildcardResource(
      principal,
      arn,
      `Task ids, log streams and role patterns of ${why} cannot be named in advance.`,
    );
}
