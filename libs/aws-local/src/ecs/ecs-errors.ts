import { AwsError } from '../contracts';
import { AwsLocalError } from '../errors';

/** ECS errors as the service names them (400 on the wire, except the engine being unavailable). */
export const ecsErrors = {
  client: (message: string) => new AwsError('ClientException', message),
  invalidParameter: (message: string) => new AwsError('InvalidParameterException', message),
  clusterNotFound: () => new AwsError('ClusterNotFoundException', 'Cluster not found.'),
  /** The local Docker engine does not answer: a server-side fault, said with the fix. */
  engineUnavailable: (detail: string) =>
    new AwsError(
      'ServerException',
      `lava-aws-local runs ECS tasks on the local Docker engine, which does not answer (${detail}); start it with scripts/ensure-docker.sh.`,
      500,
      undefined,
      'Receiver',
    ),
};

/** A phase of starting a task failed; the message is the stoppedReason ECS would give. */
export class TaskStartError extends AwsLocalError {
  override readonly name = 'TaskStartError';
  constructor(reason: string) {
    super('ECS_TASK_START', reason);
  }
}
