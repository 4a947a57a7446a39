import type { ConnectionSpec } from '@lava/core';

export type { ConnectionSpec };

/** Looks up secrets. Implemented by the secrets broker; tests pass an in-memory double. */
export interface SecretResolver {
  /** Decrypted value of an SSM SecureString parameter. */
  ssmParameter(name: string): Promise<string>;
  /** A Secrets Manager secret string, or one JSON key of it when `key` is given. */
  secretsManager(id: string, key?: string): Promise<string>;
}

/** Credentials returned by a token service. */
export interface GeneratedDbCredentials {
  user: string;
  password: string;
}

/** IAM database credential generators (RDS auth token, Redshift). Implemented with the AWS SDK elsewhere. */
export interface IamTokenProvider {
  rdsAuthToken(input: { host: string; port: number; user: string; region?: string }): Promise<string>;
  redshiftClusterCredentials(input: {
    clusterId: string;
    database: string;
    user: string;
    durationSeconds: number;
  }): Promise<GeneratedDbCredentials>;
  redshiftServerlessCredentials(input: {
    workgroup: string;
    database: string;
    durationSeconds: number;
    roleArn?: string;
    externalId?: string;
    sessionName: string;
    region?: string;
    tags?: Record<string, string>;
  }): Promise<GeneratedDbCredentials>;
}

/** Temporary or long-lived AWS credentials. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** STS access for `aws` connections with `role_arn`. */
export interface RoleAssumer {
  assumeRole(input: {
    roleArn: string;
    sessionName: string;
    durationSeconds: number;
    externalId?: string;
    policyArns?: string[];
    policy?: string;
    tags?: Record<string, string>;
  }): Promise<AwsCredentials>;
}

/** A registry login: `server` is the registry host (`host[:port]`), as image names carry it. */
export interface RegistryLogin {
  server: string;
  username: string;
  password: string;
  email?: string;
}

/** ECR `GetAuthorizationToken` for `docker` connections with `registry: ecr[:account]`. */
export interface RegistryTokenProvider {
  /** A login for the account's registry (`accountId`), or the caller's own account's. */
  authorizationToken(accountId?: string): Promise<RegistryLogin>;
}

/** Everything a connector may need while resolving a spec; side effects come in through here. */
export interface ResolveContext {
  secrets: SecretResolver;
  iam?: IamTokenProvider;
  sts?: RoleAssumer;
  ecr?: RegistryTokenProvider;
  /** Worker region, the default for IAM tokens and aws connections. */
  region?: string;
  /** Client application name (section 3.6), already rendered. */
  appName?: string;
  /** Defaults from worker config. */
  redshiftPasswordDurationSeconds?: number;
  awsConnDurationSeconds?: number;
}

/** TLS policy. `true` in a spec means `verify-full` (certificates verified by default). */
export type SslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

export type SqlDialect = 'postgresql' | 'redshift' | 'mysql' | 'oracle' | 'mssql' | 'sqlite3';

/** Connection parameters of a database connection after every secret has been resolved. */
export interface DbParams {
  host: string;
  port: number;
  user: string;
  password: string;
  database?: string;
  ssl: SslMode;
  /** CA bundle file on the worker. */
  caCert?: string;
  appName?: string;
  preserveCase: boolean;
  /** Oracle */
  serviceName?: string;
  sid?: string;
  edition?: string;
  /** MSSQL connect timeout in seconds. */
  connectTimeout?: number;
  /** True when the password is a generated IAM token (needs TLS; cleartext plugin for mysql). */
  iamToken: boolean;
}

interface ResolvedBase {
  connId: string;
  /** Type as written in the spec, lower-cased. */
  type: string;
  /** Canonical type after alias folding. */
  canonicalType: string;
  spec: ConnectionSpec;
  /** Every secret value this resolution produced, for sanitising messages. */
  secretValues: readonly string[];
}

export interface ResolvedDbConnection extends ResolvedBase {
  kind: 'database';
  dialect: SqlDialect;
  db: DbParams;
}

export interface ResolvedAwsConnection extends ResolvedBase {
  kind: 'aws';
  region?: string;
  credentials: AwsCredentials;
}

export interface ResolvedGenericConnection extends ResolvedBase {
  kind: 'generic';
  attributes: Record<string, string | number | boolean | null>;
  /** Names of attributes whose values came from SSM. */
  secretAttributes: readonly string[];
}

export interface SesEmailSettings {
  subtype: 'ses';
  from?: string;
  replyTo: string[];
  region?: string;
  configurationSet?: string;
}

export interface SmtpEmailSettings {
  subtype: 'smtp';
  from?: string;
  replyTo: string[];
  host: string;
  port: number;
  /** Implicit TLS from the first byte (port 465 style). */
  tls: boolean;
  /** Upgrade a plain connection with STARTTLS. */
  starttls: boolean;
  user?: string;
  password?: string;
}

export interface ResolvedEmailConnection extends ResolvedBase {
  kind: 'email';
  email: SesEmailSettings | SmtpEmailSettings;
}

export interface ResolvedSlackConnection extends ResolvedBase {
  kind: 'slack';
  webhookUrl: string;
  style: 'block' | 'attachment' | 'plain';
  colour?: string;
  preamble?: string;
  from?: string;
}

/** An SMB file share server (`smb`), everything resolved. */
export interface SmbParams {
  host: string;
  port: number;
  user: string;
  password: string;
  domain: string;
  /** NetBIOS name of the server (`remote_name`). */
  remoteName: string;
  /** Our NetBIOS name (`my_name`, at most 15 characters). */
  myName: string;
  /** SMB3 encryption required (`encrypt`). */
  encrypt: boolean;
  /** NTLMv2 (default) or NTLMv1 (`use_ntlm_v2: false`). */
  ntlmV2: boolean;
}

export interface ResolvedSmbConnection extends ResolvedBase {
  kind: 'smb';
  smb: SmbParams;
}

/** The SSH family (`ssh`, `scp`, `sftp`, `git`), everything resolved. */
export interface SshParams {
  /** Default host, port and user (an `ssh user@host` argument still wins). */
  host?: string;
  port?: number;
  user?: string;
  /** OpenSSH private key text (no passphrase), with a final newline. */
  privateKey?: string;
  password?: string;
  /** `known_hosts` lines the server's host key must match. */
  knownHosts: string[];
  /** `ssh_options` as `Key=Value` (ssh_config(5)), in order. */
  options: string[];
}

export interface ResolvedSshConnection extends ResolvedBase {
  kind: 'ssh';
  ssh: SshParams;
}

/** `sharepoint`: Microsoft Graph with the client-credentials grant (docs/sharepoint.md). */
export interface ResolvedSharepointConnection extends ResolvedBase {
  kind: 'sharepoint';
  sharepoint: {
    /** Host of the organisation's SharePoint, e.g. `acme.sharepoint.com`. */
    orgBaseUrl: string;
    siteName: string;
    tenant: string;
    clientId: string;
    clientSecret: string;
    /** Token service base (default `https://login.microsoftonline.com`). */
    loginUrl: string;
    /** Graph base (default `https://graph.microsoft.com/v1.0`). */
    graphUrl: string;
    httpsProxy?: string;
  };
}

/** How to reach a Docker engine (`server` absent: the worker's own, the local socket /var/run/docker.sock). */
export interface DockerEngineSettings {
  server?: string;
  tls: boolean;
  timeoutSeconds?: number;
}

export interface ResolvedDockerConnection extends ResolvedBase {
  kind: 'docker';
  /** Undefined: no registry login (public or local images). */
  registry?: RegistryLogin;
  engine: DockerEngineSettings;
}

export type ResolvedConnection =
  | ResolvedSharepointConnection
  | ResolvedDockerConnection
  | ResolvedDbConnection
  | ResolvedAwsConnection
  | ResolvedGenericConnection
  | ResolvedEmailConnection
  | ResolvedSlackConnection
  | ResolvedSmbConnection
  | ResolvedSshConnection;
