import { AwsError } from '../contracts';

/** CloudWatch Logs errors as the service names them (all 400 on the wire). */
export const logsErrors = {
  groupNotFound: () => new AwsError('ResourceNotFoundException', 'The specified log group does not exist.'),
  streamNotFound: () => new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.'),
  exists: (what: 'log group' | 'log stream') =>
    new AwsError('ResourceAlreadyExistsException', `The specified ${what} already exists`),
  invalidParameter: (message: string) => new AwsError('InvalidParameterException', message),
};
