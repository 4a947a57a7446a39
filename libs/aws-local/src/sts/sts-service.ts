import { randomBytes } from 'node:crypto';
import { AwsError, type RequestContext } from '../contracts';
import type { QueryParams, QueryService, XmlValue } from '../edge/query-protocol';

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

function id(prefix: string, length: number): string {
  return prefix + randomBytes(length).toString('hex').toUpperCase().slice(0, length);
}

/** STS over awsQuery: who the caller is, and role sessions for role-based credential providers. */
export class StsService implements QueryService {
  readonly xmlNamespace = 'https://sts.amazonaws.com/doc/2011-06-15/';

  handle(action: string, params: QueryParams, ctx: RequestContext): Promise<Record<string, XmlValue>> {
    switch (action) {
      case 'GetCallerIdentity':
        return Promise.resolve({
          UserId: 'AKIAIOSFODNN7EXAMPLE',
          Account: ctx.account,
          Arn: `arn:aws:iam::${ctx.account}:root`,
        });
      case 'AssumeRole':
        return Promise.resolve(this.assumeRole(params, ctx));
      default:
        return Promise.reject(
          new AwsError(
            'InvalidAction',
            `STS operation ${action} is not implemented by lava-aws-local.`,
            400,
            'InvalidAction',
          ),
        );
    }
  }

  private assumeRole(params: QueryParams, ctx: RequestContext): Record<string, XmlValue> {
    const roleArn = params.get('RoleArn') ?? '';
    const session = params.get('RoleSessionName') ?? '';
    if (!/^arn:aws:iam::\d{12}:role\/.+/.test(roleArn))
      throw new AwsError('ValidationError', `${roleArn} is invalid`, 400, 'ValidationError');
    if (!SESSION_NAME.test(session))
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '${session}' at 'roleSessionName' failed to satisfy constraint`,
        400,
        'ValidationError',
      );
    const duration = Number(params.get('DurationSeconds') ?? 3600);
    const role = roleArn.split('/').pop() ?? 'role';
    return {
      Credentials: {
        AccessKeyId: id('ASIA', 16),
        SecretAccessKey: randomBytes(30).toString('base64'),
        SessionToken: randomBytes(60).toString('base64'),
        Expiration: new Date(Date.now() + duration * 1000),
      },
      AssumedRoleUser: {
        AssumedRoleId: `${id('AROA', 16)}:${session}`,
        Arn: `arn:aws:sts::${ctx.account}:assumed-role/${role}/${session}`,
      },
    };
  }
}
