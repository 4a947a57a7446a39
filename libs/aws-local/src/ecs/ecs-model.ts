/** ECS resources as the emulation keeps them; field names are ECS's own (they go on the wire as is). */

export interface KeyValuePair {
  name: string;
  value: string;
}

export interface ContainerDefinition {
  name: string;
  image: string;
  essential?: boolean;
  command?: string[];
  entryPoint?: string[];
  environment?: KeyValuePair[];
  /** `valueFrom` an SSM parameter (name or ARN) or a Secrets Manager secret ARN (`:json-key::` allowed). */
  secrets?: Array<{ name: string; valueFrom: string }>;
  workingDirectory?: string;
  user?: string;
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
  /** Seconds between SIGTERM and SIGKILL on stop (ECS default 30). */
  stopTimeout?: number;
  logConfiguration?: { logDriver: string; options?: Record<string, string> };
  [field: string]: unknown;
}

export interface TaskDefinition {
  taskDefinitionArn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE';
  containerDefinitions: ContainerDefinition[];
  networkMode?: string;
  requiresCompatibilities?: string[];
  compatibilities: string[];
  cpu?: string;
  memory?: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
  registeredAt: number;
  [field: string]: unknown;
}

export interface ContainerOverride {
  name: string;
  command?: string[];
  environment?: KeyValuePair[];
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
}

export interface TaskOverride {
  containerOverrides?: ContainerOverride[];
  cpu?: string;
  memory?: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
}

export type TaskStatus = 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'STOPPED';

export interface TaskContainer {
  containerArn: string;
  name: string;
  image: string;
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  exitCode?: number;
  reason?: string;
  /** The Docker container id. */
  runtimeId?: string;
  essential: boolean;
}

export interface Task {
  taskArn: string;
  taskId: string;
  clusterArn: string;
  clusterName: string;
  taskDefinition: TaskDefinition;
  launchType: string;
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  overrides: TaskOverride;
  containers: TaskContainer[];
  startedBy?: string;
  group: string;
  networkConfiguration?: unknown;
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  stoppingAt?: number;
  stoppedAt?: number;
  executionStoppedAt?: number;
  stopCode?: 'TaskFailedToStart' | 'EssentialContainerExited' | 'UserInitiated';
  stoppedReason?: string;
  version: number;
}
