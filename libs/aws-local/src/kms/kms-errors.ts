import { AwsError } from '../contracts';

/** The KMS exceptions the emulator answers with (names as the SDK maps them). */
export const kmsErrors = {
  validation: (message: string) => new AwsError('ValidationException', message),
  notFound: (message: string) => new AwsError('NotFoundException', message),
  alreadyExists: (message: string) => new AwsError('AlreadyExistsException', message),
  disabled: (arn: string) => new AwsError('DisabledException', `${arn} is disabled.`),
  /** Tampered, truncated or foreign blobs and a wrong encryption context all look the same, as in KMS. */
  invalidCiphertext: () => new AwsError('InvalidCiphertextException', ''),
  incorrectKey: () =>
    new AwsError(
      'IncorrectKeyException',
      'The key ID in the request does not identify a CMK that can perform this operation.',
    ),
  unsupported: (message: string) => new AwsError('UnsupportedOperationException', message),
  notAuthorized: (message: string) => new AwsError('NotAuthorizedException', message),
};
