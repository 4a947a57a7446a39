import { GetClusterCredentialsCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { GetCredentialsCommand, RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { Signer } from '@aws-sdk/rds-signer';
import type { AwsConfig } from '@lava/aws';
import {
  ConnectionInvalidError,
  SecretUnavailableError,
  type AwsCredentials,
  type GeneratedDbCredentials,
  type IamTokenProvider,
  type RoleAssumer,
} from '@lava/connectors';

type ClusterInput = Parameters<IamTokenProvider['redshiftClusterCredentials']>[0];
type ServerlessInput = Parameters<IamTokenProvider['redshiftServerlessCredentials']>[0];

/** Lifetime of the role session used for one Redshift Serverless credential call. */
export const SERVERLESS_ROLE_SESSION_SECONDS = 900;

/**
 * Builds the Redshift SDK clients. A seam because no Redshift endpoint can run in tests:
 * unit tests hand in clients whose `send` is stubbed.
 */
export interface RedshiftClientFactory {
  /** Provisioned-cluster client in the broker's region with the broker's credentials. */
  cluster(): RedshiftClient;
  /** Serverless client; `credentials` are an assumed role's when the spec names `role_arn`. */
  serverless(region: string, credentials?: AwsCredentials): RedshiftServerlessClient;
}

/** SDK clients from the broker's validated AWS config (region, endpoint, credentials, retries). */
export class SdkRedshiftClients implements RedshiftClientFactory {
  private clusterClient?: RedshiftClient;
  private readonly serverlessByRegion = new Map<string, RedshiftServerlessClient>();

  constructor(private readonly config: AwsConfig) {}

  cluster(): RedshiftClient {
    this.clusterClient ??= new RedshiftClient(this.options(this.config.region));
    return this.clusterClient;
  }

  serverless(region: string, credentials?: AwsCredentials): RedshiftServerlessClient {
    // Assumed-role clients hold short-lived keys, so they are built per call and not kept.
    if (credentials !== undefined)
      return new RedshiftServerlessClient({ ...this.options(region), credentials });
    let client = this.serverlessByRegion.get(region);
    if (client === undefined) {
      client = new RedshiftServerlessClient(this.options(region));
      this.serverlessByRegion.set(region, client);
    }
    return client;
  }

  /** Close the kept clients' sockets (broker shutdown). */
  destroy(): void {
    this.clusterClient?.destroy();
    for (const c of this.serverlessByRegion.values()) c.destroy();
  }

  private options(region: string) {
    return {
      region,
      endpoint: this.config.endpoint,
      credentials: this.config.credentials,
      maxAttempts: this.config.maxAttempts,
    };
  }
}

/** What `AwsIamTokens` needs; everything with a side effect is injected. */
export interface AwsIamTokensDeps {
  config: AwsConfig;
  /** STS, for Redshift Serverless connections that name a `role_arn`. */
  roles: RoleAssumer;
  /** Defaults to SDK clients built from `config`. */
  clients?: RedshiftClientFactory;
}

/**
 * IAM database credentials for the broker ("IAM credential generators"):
 * RDS/Aurora auth tokens are SigV4-presigned locally (no network); Redshift uses
 * `GetClusterCredentials`, Redshift Serverless an optional AssumeRole then `GetCredentials`.
 * Nothing is cached: each resolution gets fresh credentials. Error messages name the target
 * and the AWS error name only, never a token or password.
 */
export class AwsIamTokens implements IamTokenProvider {
  private readonly clients: RedshiftClientFactory;

  constructor(private readonly deps: AwsIamTokensDeps) {
    this.clients = deps.clients ?? new SdkRedshiftClients(deps.config);
  }

  async rdsAuthToken(input: { host: string; port: number; user: string; region?: string }): Promise<string> {
    const signer = new Signer({
      hostname: input.host,
      port: input.port,
      username: input.user,
      region: input.region ?? this.deps.config.region,
      // Undefined means the SDK default chain (task role), as for every other broker client.
      credentials: this.deps.config.credentials,
    });
    try {
      return await signer.getAuthToken();
    } catch (err) {
      throw unavailable(`RDS auth token for ${input.user}@${input.host}:${input.port}`, err);
    }
  }

  async redshiftClusterCredentials(input: ClusterInput): Promise<GeneratedDbCredentials> {
    const what = `Redshift credentials for ${input.user} on cluster ${input.clusterId}`;
    // DbName is required by GetClusterCredentials: a spec without one is a spec problem.
    if (input.database === '') throw new ConnectionInvalidError(`${what}: the connection names no database`);
    let out;
    try {
      out = await this.clients.cluster().send(
        new GetClusterCredentialsCommand({
          ClusterIdentifier: input.clusterId,
          DbName: input.database,
          DbUser: input.user,
          DurationSeconds: input.durationSeconds,
          AutoCreate: false,
        }),
      );
    } catch (err) {
      throw unavailable(what, err);
    }
    return generated(what, out.DbUser, out.DbPassword);
  }

  async redshiftServerlessCredentials(input: ServerlessInput): Promise<GeneratedDbCredentials> {
    const what = `Redshift Serverless credentials for workgroup ${input.workgroup}`;
    const region = input.region ?? this.deps.config.region;
    const credentials = input.roleArn === undefined ? undefined : await this.assume(input, what);
    let out;
    try {
      out = await this.clients.serverless(region, credentials).send(
        new GetCredentialsCommand({
          workgroupName: input.workgroup,
          dbName: input.database === '' ? undefined : input.database,
          durationSeconds: input.durationSeconds,
        }),
      );
    } catch (err) {
      throw unavailable(what, err);
    }
    return generated(what, out.dbUser, out.dbPassword);
  }

  private async assume(input: ServerlessInput, what: string): Promise<AwsCredentials> {
    try {
      return await this.deps.roles.assumeRole({
        roleArn: input.roleArn ?? '',
        sessionName: input.sessionName,
        durationSeconds: SERVERLESS_ROLE_SESSION_SECONDS,
        externalId: input.externalId,
        tags: input.tags,
      });
    } catch (err) {
      if (err instanceof SecretUnavailableError) throw err;
      throw unavailable(`${what}: AssumeRole ${input.roleArn ?? ''}`, err);
    }
  }
}

/** Only the error's name travels: SDK messages are not ours to vouch for. */
function unavailable(what: string, err: unknown): SecretUnavailableError {
  const name = err instanceof Error ? err.name : 'Error';
  return new SecretUnavailableError(`${what} cannot be generated: ${name}`, { aws_error: name });
}

function generated(
  what: string,
  user: string | undefined,
  password: string | undefined,
): GeneratedDbCredentials {
  if (!user || !password) throw new SecretUnavailableError(`${what}: the response had no user or password`);
  return { user, password };
}
