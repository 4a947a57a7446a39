import { AwsError } from '../contracts';

/** Secrets Manager errors: all 400 on the wire, ResourceNotFound included. */
export const secretsErrors = {
  notFound: (detail = "Secrets Manager can't find the specified secret.") =>
    new AwsError('ResourceNotFoundException', detail),
  exists: (message: string) => new AwsError('ResourceExistsException', message),
  invalidParameter: (message: string) => new AwsError('InvalidParameterException', message),
  invalidRequest: (message: string) => new AwsError('InvalidRequestException', message),
  validation: (message: string) => new AwsError('ValidationException', message),
  markedForDeletion: () =>
    new AwsError(
      'InvalidRequestException',
      "You can't perform this operation on the secret because it was marked for deletion.",
    ),
};
