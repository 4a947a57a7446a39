import { createHash, createHmac } from 'node:crypto';
import { GetClusterCredentialsCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { GetCredentialsCommand, RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import type { AwsConfig } from '@lava/aws';
import {
  createDefaultRegistry,
  type AwsCredentials,
  type ConnectionSpec,
  type ResolvedConnection,
  type RoleAssumer,
} from '@lava/connectors';
import { InMemorySecrets } from '@lava/connectors/testing';
import { AwsIamTokens, SdkRedshiftClients, type RedshiftClientFactory } from './aws-iam-tokens';

const KEY_ID = 'AKIDLAVATEST0001';
const SECRET_KEY = 'lava/Test+Secret/Key0000000000000000000';
const CONFIG: AwsConfig = {
  region: 'eu-west-1',
  credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET_KEY },
  maxAttempts: 1,
};
const ASSUMED: AwsCredentials = {
  accessKeyId: 'ASIAROLE',
  secretAccessKey: 'role-secret',
  sessionToken: 'role-session',
};

/** SigV4 query-string presign check, computed here from the AWS spec independently of the SDK. */
function expectedSignature(token: string, secretKey: string): string {
  const [hostPort, query] = token.split('/?') as [string, string];
  const params = new URLSearchParams(query);
  const date = params.get('X-Amz-Date')!;
  const scope = decodeURIComponent(params.get('X-Amz-Credential')!).split('/').slice(1).join('/');
  const rfc3986 = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const canonicalQuery = [...params.entries()]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .sort()
    .join('&');
  const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
  const canonicalRequest = ['GET', '/', canonicalQuery, `host:${hostPort}`, '', 'host', sha256('')].join(
    '\n',
  );
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256(canonicalRequest)].join('\n');
  const [day, region, service] = scope.split('/') as [string, string, string];
  let key: Buffer = createHmac('sha256', `AWS4${secretKey}`).update(day).digest();
  for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

/**
 * No Redshift (or Redshift Serverless) endpoint can run here, so these tests stub the real SDK
 * clients' `send` and assert the exact commands and inputs the provider sends.
 */
function stubbedRedshift() {
  const cluster = new RedshiftClient({ region: 'eu-west-1', credentials: CONFIG.credentials });
  const serverless = new RedshiftServerlessClient({ region: 'eu-west-1', credentials: CONFIG.credentials });
  const clusterSend = jest
    .spyOn(cluster, 'send')
    .mockResolvedValue({ DbUser: 'IAM:etl', DbPassword: 'rs-Generated-Pw1' } as never);
  const serverlessSend = jest
    .spyOn(serverless, 'send')
    .mockResolvedValue({ dbUser: 'IAMR:lava-role', dbPassword: 'rss-Generated-Pw2' } as never);
  const serverlessBuilt: Array<{ region: string; credentials?: AwsCredentials }> = [];
  const clients: RedshiftClientFactory = {
    cluster: () => cluster,
    serverless: (region, credentials) => {
      serverlessBuilt.push({ region, credentials });
      return serverless;
    },
  };
  const assumeRole = jest.fn<ReturnType<RoleAssumer['assumeRole']>, Parameters<RoleAssumer['assumeRole']>>(
    async () => ASSUMED,
  );
  const tokens = new AwsIamTokens({ config: CONFIG, roles: { assumeRole }, clients });
  return { tokens, clusterSend, serverlessSend, serverlessBuilt, assumeRole };
}

const sent = (send: jest.SpyInstance, i = 0): unknown =>
  (send.mock.calls[i]?.[0] as { input: unknown }).input;

/** The error a promise rejects with; fails the test if it resolves. */
async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

function dbOf(r: ResolvedConnection) {
  if (r.kind !== 'database') throw new Error(`expected a database connection, got ${r.kind}`);
  return r.db;
}

describe('AwsIamTokens.rdsAuthToken (real local signing)', () => {
  const tokens = new AwsIamTokens({ config: CONFIG, roles: { assumeRole: jest.fn() } });

  it('returns a SigV4-presigned connect URL for host, port, user and region', async () => {
    const token = await tokens.rdsAuthToken({
      host: 'orders.cluster-abc.eu-central-1.rds.amazonaws.com',
      port: 5432,
      user: 'etl_user',
      region: 'eu-central-1',
    });
    expect(token).toMatch(
      /^orders\.cluster-abc\.eu-central-1\.rds\.amazonaws\.com:5432\/\?Action=connect&DBUser=etl_user&X-Amz-/,
    );
    const params = new URLSearchParams(token.split('/?')[1]);
    expect(params.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(params.get('X-Amz-Credential')).toMatch(
      new RegExp(`^${KEY_ID}/\\d{8}/eu-central-1/rds-db/aws4_request$`),
    );
    expect(params.get('X-Amz-Expires')).toBe('900');
    expect(params.get('X-Amz-SignedHeaders')).toBe('host');
    expect(params.get('X-Amz-Signature')).toBe(expectedSignature(token, SECRET_KEY));
    // A different secret key would not verify: the check above is not vacuous.
    expect(params.get('X-Amz-Signature')).not.toBe(expectedSignature(token, `${SECRET_KEY}x`));
    expect(token).not.toContain(SECRET_KEY);
  });

  it("defaults to the broker's region and carries a session token when the credentials have one", async () => {
    const withSession = new AwsIamTokens({
      config: { ...CONFIG, credentials: { ...CONFIG.credentials!, sessionToken: 'sess-Token-1' } },
      roles: { assumeRole: jest.fn() },
    });
    const token = await withSession.rdsAuthToken({ host: 'db.local', port: 3306, user: 'app' });
    const params = new URLSearchParams(token.split('/?')[1]);
    expect(params.get('X-Amz-Credential')).toMatch(/\/eu-west-1\/rds-db\/aws4_request$/);
    expect(params.get('X-Amz-Security-Token')).toBe('sess-Token-1');
    expect(params.get('X-Amz-Signature')).toBe(expectedSignature(token, SECRET_KEY));
  });

  it('gives postgres-rds and mysql-aurora connections without a password a token as their password', async () => {
    const registry = createDefaultRegistry();
    const ctx = { secrets: new InMemorySecrets(), iam: tokens, region: 'eu-west-1' };
    for (const [type, port] of [
      ['postgres-rds', 5432],
      ['mysql-aurora', 3306],
    ] as const) {
      const db = dbOf(
        await registry.resolve(
          {
            conn_id: `c-${type}`,
            type,
            enabled: true,
            host: 'h.example',
            port,
            user: 'iam_user',
            database: 'd',
            ssl: true,
          },
          ctx,
        ),
      );
      expect(db).toMatchObject({ user: 'iam_user', iamToken: true });
      expect(db.password).toMatch(
        new RegExp(`^h\\.example:${port}/\\?Action=connect&DBUser=iam_user&X-Amz-`),
      );
      expect(new URLSearchParams(db.password.split('/?')[1]).get('X-Amz-Signature')).toBe(
        expectedSignature(db.password, SECRET_KEY),
      );
    }
  });
});

describe('AwsIamTokens Redshift (stubbed SDK send)', () => {
  const registry = createDefaultRegistry();
  const rs: ConnectionSpec = {
    conn_id: 'rs',
    type: 'redshift',
    enabled: true,
    host: 'analytics.c1xyz.eu-west-1.redshift.amazonaws.com',
    port: 5439,
    user: 'etl',
    database: 'dw',
  };

  it('calls GetClusterCredentials with the first host label as cluster id and the default 900 s', async () => {
    const { tokens, clusterSend } = stubbedRedshift();
    const db = dbOf(await registry.resolve(rs, { secrets: new InMemorySecrets(), iam: tokens }));
    expect(clusterSend.mock.calls[0]?.[0]).toBeInstanceOf(GetClusterCredentialsCommand);
    expect(sent(clusterSend)).toEqual({
      ClusterIdentifier: 'analytics',
      DbName: 'dw',
      DbUser: 'etl',
      DurationSeconds: 900,
      AutoCreate: false,
    });
    expect(db).toMatchObject({ user: 'IAM:etl', password: 'rs-Generated-Pw1', iamToken: true });
  });

  it('prefers cluster_id and password_duration from the spec', async () => {
    const { tokens, clusterSend } = stubbedRedshift();
    await registry.resolve(
      { ...rs, cluster_id: 'prod-dw', password_duration: 1800 },
      { secrets: new InMemorySecrets(), iam: tokens },
    );
    expect(sent(clusterSend)).toMatchObject({ ClusterIdentifier: 'prod-dw', DurationSeconds: 1800 });
  });

  it('refuses a cluster connection without a database before calling AWS', async () => {
    const { tokens, clusterSend } = stubbedRedshift();
    await expect(
      tokens.redshiftClusterCredentials({ clusterId: 'c', database: '', user: 'u', durationSeconds: 900 }),
    ).rejects.toMatchObject({ code: 'CONNECTION_INVALID' });
    expect(clusterSend).not.toHaveBeenCalled();
  });

  it('serverless: assumes the role with the SSM external id, then GetCredentials with those keys', async () => {
    const { tokens, serverlessSend, serverlessBuilt, assumeRole } = stubbedRedshift();
    const secrets = new InMemorySecrets({ '/lava/acme/ext': 'ext-Id-77' });
    const db = dbOf(
      await registry.resolve(
        {
          conn_id: 'rss',
          type: 'redshift-serverless',
          enabled: true,
          host: 'wg-sales.123456789012.eu-west-1.redshift-serverless.amazonaws.com',
          port: 5439,
          database: 'sales',
          role_arn: 'arn:aws:iam::123456789012:role/lava-rs',
          external_id: '/lava/acme/ext',
          region: 'us-west-2',
          tags: { team: 'data' },
        },
        { secrets, iam: tokens, appName: 'lv-acme-etl/load', redshiftPasswordDurationSeconds: 1200 },
      ),
    );
    expect(assumeRole).toHaveBeenCalledWith({
      roleArn: 'arn:aws:iam::123456789012:role/lava-rs',
      sessionName: 'lv-acme-etl.load',
      durationSeconds: 900,
      externalId: 'ext-Id-77',
      tags: { team: 'data' },
    });
    expect(serverlessBuilt).toEqual([{ region: 'us-west-2', credentials: ASSUMED }]);
    expect(serverlessSend.mock.calls[0]?.[0]).toBeInstanceOf(GetCredentialsCommand);
    expect(sent(serverlessSend)).toEqual({
      workgroupName: 'wg-sales',
      dbName: 'sales',
      durationSeconds: 1200,
    });
    expect(db).toMatchObject({ user: 'IAMR:lava-role', password: 'rss-Generated-Pw2', iamToken: true });
  });

  it("serverless without role_arn uses the broker's own credentials and region, and the spec workgroup", async () => {
    const { tokens, serverlessSend, serverlessBuilt, assumeRole } = stubbedRedshift();
    await tokens.redshiftServerlessCredentials({
      workgroup: 'wg1',
      database: 'dev',
      durationSeconds: 900,
      sessionName: 'lava',
    });
    expect(assumeRole).not.toHaveBeenCalled();
    expect(serverlessBuilt).toEqual([{ region: 'eu-west-1', credentials: undefined }]);
    expect(sent(serverlessSend)).toEqual({ workgroupName: 'wg1', dbName: 'dev', durationSeconds: 900 });
  });

  it('translates AWS failures into SECRET_UNAVAILABLE naming the error, never a secret', async () => {
    const { tokens, clusterSend, serverlessSend, assumeRole } = stubbedRedshift();
    const awsError = Object.assign(new Error(`denied for ${ASSUMED.secretAccessKey}`), {
      name: 'AccessDeniedException',
    });
    clusterSend.mockRejectedValueOnce(awsError as never);
    const clusterErr = await rejection(
      tokens.redshiftClusterCredentials({
        clusterId: 'c1',
        database: 'dw',
        user: 'etl',
        durationSeconds: 900,
      }),
    );
    expect(clusterErr).toMatchObject({ code: 'SECRET_UNAVAILABLE', retryable: true });
    expect(clusterErr.message).toBe(
      'Redshift credentials for etl on cluster c1 cannot be generated: AccessDeniedException',
    );

    assumeRole.mockImplementationOnce(async () => Promise.reject(awsError));
    const roleErr = await rejection(
      tokens.redshiftServerlessCredentials({
        workgroup: 'w',
        database: 'd',
        durationSeconds: 900,
        roleArn: 'arn:r',
        externalId: 'ext-Id-77',
        sessionName: 's',
      }),
    );
    expect(roleErr.message).toMatch(/AssumeRole arn:r cannot be generated: AccessDeniedException$/);
    expect(serverlessSend).not.toHaveBeenCalled();

    serverlessSend.mockResolvedValueOnce({ dbUser: 'IAM:x' } as never);
    await expect(
      tokens.redshiftServerlessCredentials({
        workgroup: 'w',
        database: 'd',
        durationSeconds: 900,
        sessionName: 's',
      }),
    ).rejects.toMatchObject({
      code: 'SECRET_UNAVAILABLE',
      message: expect.stringMatching(/no user or password/),
    });
    for (const err of [clusterErr, roleErr]) {
      expect(err.message).not.toContain(ASSUMED.secretAccessKey);
      expect(err.message).not.toContain('ext-Id-77');
    }
  });
});

describe('SdkRedshiftClients', () => {
  it("builds clients from the broker's config, keeping shared ones and not assumed-role ones", async () => {
    const clients = new SdkRedshiftClients({ ...CONFIG, endpoint: 'http://127.0.0.1:4566' });
    try {
      expect(clients.cluster()).toBe(clients.cluster());
      expect(await clients.cluster().config.region()).toBe('eu-west-1');
      expect(clients.serverless('us-east-2')).toBe(clients.serverless('us-east-2'));
      const assumed = clients.serverless('us-east-2', ASSUMED);
      expect(assumed).not.toBe(clients.serverless('us-east-2'));
      expect(await assumed.config.credentials()).toMatchObject({
        accessKeyId: 'ASIAROLE',
        sessionToken: 'role-session',
      });
      const endpoint = await clients.cluster().config.endpoint?.();
      expect(endpoint?.hostname).toBe('127.0.0.1');
      assumed.destroy();
    } finally {
      clients.destroy();
    }
  });
});
