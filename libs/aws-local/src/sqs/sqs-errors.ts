import { AwsError } from '../contracts';

/** SQS errors: JSON `__type` short name plus the awsQuery code the SDK exposes as `err.Code`. */
export const sqsErrors = {
  queueDoesNotExist: () =>
    new AwsError(
      'QueueDoesNotExist',
      'The specified queue does not exist.',
      400,
      'AWS.SimpleQueueService.NonExistentQueue',
    ),
  queueNameExists: (attribute: string) =>
    new AwsError(
      'QueueNameExists',
      `A queue already exists with the same name and a different value for attribute ${attribute}`,
      400,
      'QueueAlreadyExists',
    ),
  invalidParameterValue: (message: string) =>
    new AwsError('InvalidParameterValueException', message, 400, 'InvalidParameterValue'),
  missingParameter: (name: string) =>
    new AwsError(
      'MissingRequiredParameterException',
      `The request must contain the parameter ${name}.`,
      400,
      'MissingParameter',
    ),
  invalidAttributeName: (message: string) =>
    new AwsError('InvalidAttributeName', message, 400, 'InvalidAttributeName'),
  invalidAttributeValue: (name: string, reason?: string) =>
    new AwsError(
      'InvalidAttributeValue',
      `Invalid value for the parameter ${name}.${reason ? ` Reason: ${reason}` : ''}`,
      400,
      'InvalidAttributeValue',
    ),
  invalidMessageContents: () =>
    new AwsError(
      'InvalidMessageContents',
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
      400,
      'InvalidMessageContents',
    ),
  receiptHandleIsInvalid: (handle: string) =>
    new AwsError(
      'ReceiptHandleIsInvalid',
      `The input receipt handle "${handle}" is not a valid receipt handle.`,
      400,
      'ReceiptHandleIsInvalid',
    ),
  batch: (code: string, message: string) =>
    new AwsError(code, message, 400, `AWS.SimpleQueueService.${code}`),
  unsupported: (operation: string) =>
    new AwsError(
      'UnsupportedOperation',
      `SQS operation ${operation} is not implemented by lava-aws-local.`,
      400,
      'AWS.SimpleQueueService.UnsupportedOperation',
    ),
};

/** Value-in-range message in AWS's words. */
export function invalidValue(name: string, value: unknown, reason: string): AwsError {
  return sqsErrors.invalidParameterValue(
    `Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`,
  );
}
