import { AwsError } from '../contracts';

/** SNS errors carry the awsQuery code in `<Code>` (NotFound, InvalidParameter…), which picks the SDK class. */
export const snsErrors = {
  notFound: (message: string) => new AwsError('NotFoundException', message, 404, 'NotFound'),
  invalidParameter: (message: string) =>
    new AwsError('InvalidParameterException', message, 400, 'InvalidParameter'),
  unsupported: (action: string) =>
    new AwsError(
      'InvalidAction',
      `SNS operation ${action} is not implemented by lava-aws-local.`,
      400,
      'InvalidAction',
    ),
};
