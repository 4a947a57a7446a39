// The port of the `ecs` job type: run one ECS task and follow it. The AWS adapter
// (`AwsEcsTaskRunner`, libs/aws) speaks ECS and CloudWatch Logs; tests wire doubles or the
// adapter against the local endpoint.

/** What to run, in ECS's terms. */
export interface EcsTaskRequest {
  /** Cluster name or ARN. */
  cluster: string;
  /** `family`, `family:revision` or a task definition ARN. */
  taskDefinition: string;
  launchType?: 'FARGATE' | 'EC2' | 'EXTERNAL';
  /** The container the command and environment overrides apply to (default: the task definition's first). */
  container?: string;
  command?: string[];
  /** Environment overrides: visible to anyone allowed `ecs:DescribeTasks`, so never secrets. */
  environment?: Record<string, string>;
  /** Task-level overrides: CPU units and memory (MiB), as ECS takes them. */
  cpu?: string;
  memory?: string;
  /** awsvpc network configuration (required by Fargate). */
  network?: { subnets: string[]; securityGroups?: string[]; assignPublicIp?: boolean };
  platformVersion?: string;
  /** Recorded on the task (`startedBy`), so it can be found from the run. */
  startedBy: string;
}

/** A task as the `ecs` job type follows it. */
export interface EcsTaskState {
  taskArn: string;
  /** PROVISIONING, PENDING, RUNNING, ... STOPPED. */
  lastStatus: string;
  stopCode?: string;
  stoppedReason?: string;
  containers: Array<{ name: string; exitCode?: number; reason?: string }>;
}

/** One container's awslogs output, line by line. */
export interface EcsContainerLog {
  container: string;
  /** `awslogs-group` and stream, for messages. */
  location: string;
  lines: AsyncIterable<string>;
}

/** Runs ECS tasks and reads what they logged. Errors of the adapter are typed (`EcsTaskError`). */
export interface EcsTaskRunner {
  run(request: EcsTaskRequest): Promise<EcsTaskState>;
  describe(cluster: string, taskArn: string): Promise<EcsTaskState>;
  stop(cluster: string, taskArn: string, reason: string): Promise<void>;
  /** The awslogs output of each container of the task that logs to CloudWatch Logs. */
  logs(cluster: string, taskArn: string): Promise<EcsContainerLog[]>;
}
