import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import type { AwsConfig } from '@lava/aws';
import { SecretUnavailableError, type RegistryLogin, type RegistryTokenProvider } from '@lava/connectors';

/**
 * Registry logins for `docker` connections with `registry: ecr[:account]`: ECR
 * `GetAuthorizationToken` (a base64 `AWS:<password>` valid 12 hours) and the registry host of its
 * `proxyEndpoint`. The client is built once from the broker's config (endpoint from config only).
 */
export class AwsEcrTokens implements RegistryTokenProvider {
  private client?: ECRClient;

  constructor(private readonly config: AwsConfig) {}

  async authorizationToken(accountId?: string): Promise<RegistryLogin> {
    let data;
    try {
      const out = await this.ecr().send(
        new GetAuthorizationTokenCommand(accountId ? { registryIds: [accountId] } : {}),
      );
      data = out.authorizationData?.[0];
    } catch (err) {
      throw new SecretUnavailableError(`ECR GetAuthorizationToken failed: ${(err as Error).name}`);
    }
    if (!data?.authorizationToken || !data.proxyEndpoint)
      throw new SecretUnavailableError('ECR GetAuthorizationToken returned no token');
    const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) throw new SecretUnavailableError('ECR authorization token is not user:password');
    return {
      server: data.proxyEndpoint.replace(/^https?:\/\//, '').replace(/\/+$/, ''),
      username: decoded.slice(0, colon),
      password: decoded.slice(colon + 1),
    };
  }

  /** Close the client's sockets (broker shutdown). */
  destroy(): void {
    this.client?.destroy();
  }

  private ecr(): ECRClient {
    this.client ??= new ECRClient({
      region: this.config.region,
      endpoint: this.config.endpoint,
      credentials: this.config.credentials,
      maxAttempts: this.config.maxAttempts,
    });
    return this.client;
  }
}
