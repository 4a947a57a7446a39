import type { IamTokenProvider, SecretResolver } from '../model/connection';

/** In-memory SecretResolver for tests and the local demo realm. Records every lookup. */
export class InMemorySecrets implements SecretResolver {
  readonly lookups: string[] = [];

  constructor(
    private readonly ssm: Record<string, string> = {},
    private readonly sm: Record<string, string> = {},
  ) {}

  async ssmParameter(name: string): Promise<string> {
    this.lookups.push(`ssm:${name}`);
    const v = this.ssm[name];
    if (v === undefined) throw new Error(`ParameterNotFound: ${name}`);
    return v;
  }

  async secretsManager(id: string, key?: string): Promise<string> {
    this.lookups.push(`sm:${id}`);
    const v = this.sm[id];
    if (v === undefined) throw new Error(`ResourceNotFoundException: ${id}`);
    if (key === undefined) return v;
    const parsed = JSON.parse(v) as Record<string, unknown>;
    return String(parsed[key]);
  }
}

/** Deterministic IamTokenProvider double: tokens encode their inputs. */
export class FakeIamTokens implements IamTokenProvider {
  readonly calls: Array<{ kind: string; input: unknown }> = [];

  async rdsAuthToken(input: { host: string; port: number; user: string; region?: string }): Promise<string> {
    this.calls.push({ kind: 'rds', input });
    return `${input.host}:${input.port}/?Action=connect&DBUser=${input.user}&X-Amz-Credential=fake`;
  }

  async redshiftClusterCredentials(input: {
    clusterId: string;
    database: string;
    user: string;
    durationSeconds: number;
  }) {
    this.calls.push({ kind: 'redshift', input });
    return { user: `IAM:${input.user}`, password: `rs-token-${input.clusterId}` };
  }

  async redshiftServerlessCredentials(input: {
    workgroup: string;
    database: string;
    durationSeconds: number;
    roleArn?: string;
  }) {
    this.calls.push({ kind: 'redshift-serverless', input });
    return { user: 'IAMR:role', password: `rss-token-${input.workgroup}` };
  }
}
