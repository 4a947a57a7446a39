import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import {
  SecretUnavailableError,
  type AwsCredentials,
  type RoleAssumer,
  type SecretResolver,
} from '@lava/connectors';

/**
 * Reads connection secrets (errors name the parameter or secret id, never a value): SSM SecureString parameters (decrypted) and Secrets Manager
 * secrets. The broker's task role is the only one allowed to call these for `/lava/<realm>/`.
 */
export class AwsSecretResolver implements SecretResolver {
  constructor(
    private readonly ssm: SSMClient,
    private readonly secrets: SecretsManagerClient,
  ) {}

  async ssmParameter(name: string): Promise<string> {
    try {
      const out = await this.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      const value = out.Parameter?.Value;
      if (value === undefined) throw new Error('no value');
      return value;
    } catch (err) {
      throw new SecretUnavailableError(`SSM parameter ${name} cannot be read: ${(err as Error).name}`);
    }
  }

  async secretsManager(id: string, key?: string): Promise<string> {
    let text: string | undefined;
    try {
      text = (await this.secrets.send(new GetSecretValueCommand({ SecretId: id }))).SecretString;
    } catch (err) {
      throw new SecretUnavailableError(`secret ${id} cannot be read: ${(err as Error).name}`);
    }
    if (text === undefined) throw new SecretUnavailableError(`secret ${id} has no string value`);
    if (key === undefined) return text;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      // The parse error would quote the secret text: say only that it is not JSON.
      throw new SecretUnavailableError(`secret ${id} is not a JSON document`);
    }
    const value = (doc as Record<string, unknown> | null)?.[key];
    if (value === undefined || value === null)
      throw new SecretUnavailableError(`secret ${id} has no key ${key}`);
    return String(value);
  }
}

/** STS for `aws` connections that name a `role_arn`. */
export class StsRoleAssumer implements RoleAssumer {
  constructor(private readonly sts: STSClient) {}

  async assumeRole(input: Parameters<RoleAssumer['assumeRole']>[0]): Promise<AwsCredentials> {
    const out = await this.sts.send(
      new AssumeRoleCommand({
        RoleArn: input.roleArn,
        RoleSessionName: input.sessionName,
        DurationSeconds: input.durationSeconds,
        ExternalId: input.externalId,
        PolicyArns: input.policyArns?.map((arn) => ({ arn })),
        Policy: input.policy,
        Tags: input.tags ? Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value })) : undefined,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new SecretUnavailableError(`AssumeRole ${input.roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  }
}
