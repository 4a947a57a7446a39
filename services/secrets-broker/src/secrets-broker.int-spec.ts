import https from 'node:https';
import { CreateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { ConnectionsRepository, DynamoRunLedger } from '@lava/aws';
import { awsClientConfig, useAwsEndpoint } from '@lava/aws-local/testing';
import {
  GrantKeyring,
  signRunGrant,
  signWorkerRequest,
  workerKeySecretId,
  type GrantKey,
  type GrantKeyringDocument,
  type RunGrantClaims,
} from '@lava/grants';
import { pollUntil } from '@lava/errors';
import { createTestTls, findSecret, provisionTestRealm, uniqueRealm, type TestRealm } from '@lava/testing';
import { bootstrap, type RunningBroker } from './bootstrap';
import { grantKeyringSecretId } from '@lava/core';

const aws = useAwsEndpoint();
const PASSWORD = 'pw-Q7!x"9z<Broker>';

describe('secrets broker (in process, against the local AWS endpoint)', () => {
  let realm: TestRealm;
  let broker: RunningBroker;
  let keyringDoc: GrantKeyringDocument;
  let ring: GrantKeyring;
  const logs: string[] = [];
  const refusalBodies: unknown[] = [];
  const now = () => Math.floor(Date.now() / 1000);
  /** Worker `core`'s request-signing key, as the worker keeps it. */
  const workerRing = GrantKeyring.parse(JSON.stringify(GrantKeyring.generate('w1')));

  beforeAll(async () => {
    realm = await provisionTestRealm(aws.url(), { realm: uniqueRealm('sb') });
    const name = realm.realm;
    keyringDoc = GrantKeyring.generate('k1');
    ring = GrantKeyring.parse(JSON.stringify(keyringDoc));
    await realm.clients.secretsManager.send(
      new CreateSecretCommand({ Name: grantKeyringSecretId(name), SecretString: JSON.stringify(keyringDoc) }),
    );
    await realm.clients.secretsManager.send(
      new CreateSecretCommand({
        Name: workerKeySecretId(name, 'core'),
        SecretString: JSON.stringify({
          current: 'w1',
          keys: { w1: workerRing.current.secret.toString('base64') },
        }),
      }),
    );
    await realm.clients.ssm.send(
      new PutParameterCommand({ Name: `/lava/${name}/dw/password`, Value: PASSWORD, Type: 'SecureString' }),
    );
    await realm.clients.ssm.send(
      new PutParameterCommand({
        Name: `/lava/${name}/cached/password`,
        Value: 'first-value',
        Type: 'SecureString',
      }),
    );
    await realm.clients.secretsManager.send(
      new CreateSecretCommand({
        Name: `lava/${name}/maria`,
        SecretString: JSON.stringify({
          username: 'app',
          password: 'sm-Secret-42',
          host: 'db.internal',
          port: 3306,
          dbname: 'shop',
        }),
      }),
    );
    const connections = new ConnectionsRepository(realm.clients.dynamo, name);
    const pg = {
      type: 'postgres',
      enabled: true,
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      database: 'test',
      ssl: false,
    };
    await connections.put({ conn_id: 'dw', ...pg, password: `/lava/${name}/dw/password` });
    await connections.put({ conn_id: 'prod', ...pg, password: `/lava/${name}/dw/password` });
    await connections.put({ conn_id: 'cached', ...pg, password: `/lava/${name}/cached/password` });
    await connections.put({
      conn_id: 'maria',
      type: 'mariadb',
      enabled: true,
      secret_id: `lava/${name}/maria`,
    });
    await connections.put({ conn_id: 'off', ...pg, enabled: false, password: `/lava/${name}/dw/password` });
    // No password: the broker must generate an RDS IAM auth token (signed locally).
    await connections.put({
      conn_id: 'rds',
      type: 'postgres-rds',
      enabled: true,
      host: 'orders.cluster-abc.eu-west-1.rds.amazonaws.com',
      port: 5432,
      user: 'iam_etl',
      database: 'orders',
      ssl: true,
    });
    const ledger = new DynamoRunLedger(realm.clients.dynamo, name);
    await ledger.claim('r-live', 'test', new Date(Date.now() + 600_000));
    const done = await ledger.claim('r-done', 'test', new Date(Date.now() + 600_000));
    if (done.outcome !== 'claimed') throw new Error('r-done not claimed');
    await ledger.finish('r-done', 'test', done.fence, 'complete');
    broker = await bootstrap(
      {
        ...realm.env,
        LAVA_BROKER_PORT: '0',
        LAVA_HEALTH_PORT: '0',
        LAVA_HEALTH_HOST: '127.0.0.1',
        LAVA_LOG_LEVEL: 'debug',
      },
      { sink: (line) => logs.push(line) },
    );
  });
  afterAll(async () => {
    await broker?.stop();
  });

  const claims = (over: Partial<RunGrantClaims> = {}): RunGrantClaims => ({
    realm: realm.realm,
    job_id: 'etl/load',
    run_id: 'r-live',
    worker: 'core',
    conn_ids: ['cached', 'dw', 'maria', 'off', 'rds'],
    iat: now(),
    exp: now() + 600,
    ...over,
  });
  /** The body and headers a worker sends: the grant's own run, signed with `key` (null: unsigned). */
  const request = (
    connId: string,
    grant: string | undefined,
    body: Record<string, unknown> = {},
    key: GrantKey | null = workerRing.current,
  ) => {
    const claimed = grant
      ? (JSON.parse(Buffer.from(grant.split('.')[2] ?? '', 'base64url').toString() || '{}') as Record<
          string,
          string
        >)
      : {};
    const fields = {
      realm: realm.realm,
      worker: 'core',
      job_id: claimed.job_id,
      run_id: claimed.run_id,
      ...body,
    } as Record<string, string>;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (grant) headers.authorization = `Bearer ${grant}`;
    if (grant && key)
      headers['x-lava-worker-signature'] = signWorkerRequest(
        {
          realm: fields.realm!,
          worker: fields.worker!,
          job_id: fields.job_id ?? '',
          run_id: fields.run_id ?? '',
          conn_id: connId,
          grant,
        },
        key,
        now(),
      );
    return { headers, body: JSON.stringify(fields) };
  };
  const ask = async (
    connId: string,
    grant: string | undefined,
    body: Record<string, unknown> = {},
    key: GrantKey | null = workerRing.current,
  ) => {
    const res = await fetch(`${broker.brokerUrl}/v1/connections/${encodeURIComponent(connId)}`, {
      method: 'POST',
      ...request(connId, grant, body, key),
    });
    const json = (await res.json()) as Record<string, any>;
    if (res.status !== 200) refusalBodies.push(json);
    return { status: res.status, body: json, cacheControl: res.headers.get('cache-control') };
  };
  const secretEvents = async (runId: string | undefined, connId: string, detailType: string) =>
    pollUntil(
      async () => {
        const hits = (await realm.auditEvents()).filter(
          (e) => e['detail-type'] === detailType && e.detail.conn_id === connId && e.detail.run_id === runId,
        );
        return hits.length ? hits : undefined;
      },
      { what: `${detailType} for ${connId}` },
    );

  it('logs its URL in the ready line', () => {
    const ready = logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'ready');
    expect(ready).toMatchObject({ broker_url: broker.brokerUrl, tls: false, service: 'secrets-broker' });
    expect(broker.brokerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('releases a connection the grant names, resolved from SSM, and publishes Secret Accessed', async () => {
    const res = await ask('dw', signRunGrant(claims(), ring.current));
    expect(res.status).toBe(200);
    expect(res.cacheControl).toBe('no-store');
    expect(res.body).toMatchObject({
      conn_id: 'dw',
      connection: {
        kind: 'database',
        dialect: 'postgresql',
        db: { host: '127.0.0.1', user: 'postgres', password: PASSWORD },
      },
    });
    const [event] = await secretEvents('r-live', 'dw', 'Secret Accessed');
    expect(event!.source).toBe('lava.secrets-broker');
    expect(event!.detail).toMatchObject({
      realm: realm.realm,
      job_id: 'etl/load',
      worker: 'core',
      connection_type: 'postgres',
    });
  });

  it("reads SecureStrings encrypted with the original realm's sys key (alias/lava-<realm>-sys)", async () => {
    const name = realm.realm;
    const kms = new KMSClient(awsClientConfig(aws.url()));
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'original realm sys key' }));
    await kms.send(
      new CreateAliasCommand({ AliasName: `alias/lava-${name}-sys`, TargetKeyId: KeyMetadata!.KeyId }),
    );
    const parameter = `/lava/${name}/legacy/password`;
    await realm.clients.ssm.send(
      new PutParameterCommand({
        Name: parameter,
        Value: 'legacy-Pw-7',
        Type: 'SecureString',
        KeyId: `alias/lava-${name}-sys`,
      }),
    );
    const stored = await realm.clients.ssm.send(new GetParameterCommand({ Name: parameter }));
    expect(stored.Parameter?.Value).not.toContain('legacy-Pw-7');
    await new ConnectionsRepository(realm.clients.dynamo, name).put({
      conn_id: 'legacy',
      type: 'postgres',
      enabled: true,
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      database: 'test',
      password: parameter,
    });
    const res = await ask('legacy', signRunGrant(claims({ conn_ids: ['legacy'] }), ring.current));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ connection: { db: { password: 'legacy-Pw-7' } } });
  });

  it('resolves Secrets Manager connections (fields the spec leaves out)', async () => {
    const res = await ask('maria', signRunGrant(claims(), ring.current));
    expect(res.status).toBe(200);
    expect(res.body.connection.db).toMatchObject({
      host: 'db.internal',
      port: 3306,
      user: 'app',
      database: 'shop',
      password: 'sm-Secret-42',
    });
  });

  let rdsToken = '';
  it('releases a postgres-rds connection without a password with a generated IAM token as its password', async () => {
    const res = await ask('rds', signRunGrant(claims(), ring.current));
    expect(res.status).toBe(200);
    const db = res.body.connection.db as Record<string, unknown>;
    expect(db).toMatchObject({ user: 'iam_etl', iamToken: true, ssl: 'verify-full' });
    rdsToken = String(db.password);
    expect(rdsToken).toMatch(
      /^orders\.cluster-abc\.eu-west-1\.rds\.amazonaws\.com:5432\/\?Action=connect&DBUser=iam_etl&X-Amz-.*X-Amz-Signature=[0-9a-f]{64}/,
    );
    const [event] = await secretEvents('r-live', 'rds', 'Secret Accessed');
    expect(event!.detail).toMatchObject({ connection_type: 'postgres-rds' });
  });

  it('refuses a connection the job does not name, and says which run asked', async () => {
    const res = await ask('prod', signRunGrant(claims(), ring.current));
    expect(res).toMatchObject({ status: 403, body: { code: 'GRANT_CONNECTION_NOT_NAMED' } });
    const [event] = await secretEvents('r-live', 'prod', 'Secret Denied');
    expect(event!.detail).toMatchObject({
      code: 'GRANT_CONNECTION_NOT_NAMED',
      job_id: 'etl/load',
      worker: 'core',
    });
  });

  it('refuses expired, tampered, wrong-worker, missing and other-realm grants, each with its event', async () => {
    const expired = signRunGrant(
      claims({ run_id: 'r-exp', iat: now() - 700, exp: now() - 100 }),
      ring.current,
    );
    const [v, kid, , sig] = signRunGrant(
      claims({ run_id: 'r-tamper', conn_ids: ['dw'] }),
      ring.current,
    ).split('.');
    const tampered = `${v}.${kid}.${Buffer.from(JSON.stringify(claims({ run_id: 'r-tamper', conn_ids: ['dw', 'prod'] }))).toString('base64url')}.${sig}`;
    const cases: Array<[string, string | undefined, Record<string, unknown>, number, string]> = [
      ['dw', expired, { run_id: 'r-exp' }, 401, 'GRANT_EXPIRED'],
      ['prod', tampered, { run_id: 'r-tamper' }, 401, 'GRANT_BAD_SIGNATURE'],
      [
        'dw',
        signRunGrant(claims({ run_id: 'r-ww' }), ring.current),
        { worker: 'other', run_id: 'r-ww' },
        403,
        'GRANT_WRONG_WORKER',
      ],
      ['dw', undefined, { run_id: 'r-none' }, 401, 'GRANT_MISSING'],
      [
        'dw',
        signRunGrant(claims({ run_id: 'r-realm', realm: 'elsewhere' }), ring.current),
        { run_id: 'r-realm' },
        403,
        'GRANT_WRONG_REALM',
      ],
    ];
    for (const [connId, grant, body, status, code] of cases) {
      const res = await ask(connId, grant, body);
      expect({ connId, status: res.status, code: res.body.code }).toEqual({ connId, status, code });
      expect(res.body.connection).toBeUndefined();
    }
    for (const [connId, , body, , code] of cases) {
      const [event] = await secretEvents(body.run_id as string, connId, 'Secret Denied');
      expect(event!.detail.code).toBe(code);
    }
  });

  it("refuses a valid grant presented for another run, or without the worker's own signature (a grant copied from a queue)", async () => {
    const grant = signRunGrant(claims(), ring.current);
    const stranger = GrantKeyring.parse(JSON.stringify(GrantKeyring.generate('w1')));
    const cases: Array<[string, Record<string, unknown>, GrantKey | null, number, string]> = [
      ['another run id in the body', { run_id: 'r-done' }, workerRing.current, 403, 'GRANT_WRONG_RUN'],
      ['no worker signature', {}, null, 401, 'WORKER_SIGNATURE_MISSING'],
      ['a signature with another key', {}, stranger.current, 401, 'WORKER_SIGNATURE_INVALID'],
    ];
    for (const [label, body, key, status, code] of cases) {
      const res = await ask('dw', grant, body, key);
      expect({ label, status: res.status, code: res.body.code, released: res.body.connection }).toEqual({
        label,
        status,
        code,
        released: undefined,
      });
    }
    expect((await secretEvents('r-live', 'dw', 'Secret Denied')).map((e) => e.detail.code)).toEqual(
      expect.arrayContaining(['GRANT_WRONG_RUN']),
    );
  });

  it('refuses a grant once its run has finished (no replay), and before any worker claimed it', async () => {
    const done = await ask('dw', signRunGrant(claims({ run_id: 'r-done' }), ring.current));
    expect(done).toMatchObject({
      status: 403,
      body: { code: 'GRANT_RUN_FINISHED', message: 'run r-done is complete' },
    });
    const early = await ask('dw', signRunGrant(claims({ run_id: 'r-never' }), ring.current));
    expect(early).toMatchObject({ status: 403, body: { code: 'GRANT_RUN_NOT_STARTED' } });
    expect((await secretEvents('r-done', 'dw', 'Secret Denied'))[0]!.detail.code).toBe('GRANT_RUN_FINISHED');
  });

  it('refuses disabled and unknown connections even when named', async () => {
    const grant = signRunGrant(claims({ conn_ids: ['off', 'ghost'] }), ring.current);
    expect(await ask('off', grant)).toMatchObject({ status: 422, body: { code: 'CONNECTION_UNUSABLE' } });
    expect(await ask('ghost', grant)).toMatchObject({
      status: 404,
      body: { code: 'CONNECTION_NOT_FOUND', message: 'No such connection: ghost' },
    });
  });

  it('serves a burst from its short-TTL cache instead of re-reading SSM', async () => {
    const grant = signRunGrant(claims(), ring.current);
    expect((await ask('cached', grant)).body.connection.db.password).toBe('first-value');
    await realm.clients.ssm.send(
      new PutParameterCommand({
        Name: `/lava/${realm.realm}/cached/password`,
        Value: 'second-value',
        Type: 'SecureString',
        Overwrite: true,
      }),
    );
    const burst = await Promise.all(Array.from({ length: 5 }, () => ask('cached', grant)));
    expect(burst.map((r) => r.body.connection.db.password)).toEqual(Array(5).fill('first-value'));
  });

  it('accepts grants signed with a rotated key without a restart', async () => {
    const rotatedDoc = GrantKeyring.rotate(keyringDoc, 'k2');
    await realm.clients.secretsManager.send(
      new PutSecretValueCommand({
        SecretId: grantKeyringSecretId(realm.realm),
        SecretString: JSON.stringify(rotatedDoc),
      }),
    );
    const rotated = GrantKeyring.parse(JSON.stringify(rotatedDoc));
    expect((await ask('dw', signRunGrant(claims(), rotated.current))).status).toBe(200);
    expect((await ask('dw', signRunGrant(claims(), ring.current))).status).toBe(200);
  });

  it('serves HTTPS with LAVA_BROKER_TLS_CERT/KEY; clients get through only by trusting the private CA', async () => {
    const tls = createTestTls();
    const secure = await bootstrap(
      {
        ...realm.env,
        LAVA_BROKER_PORT: '0',
        LAVA_HEALTH_PORT: '0',
        LAVA_HEALTH_HOST: '127.0.0.1',
        LAVA_BROKER_TLS_CERT: tls.certFile,
        LAVA_BROKER_TLS_KEY: tls.keyFile,
      },
      { sink: (line) => logs.push(line) },
    );
    try {
      expect(secure.brokerUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const signed = request('dw', signRunGrant(claims(), ring.current));
      const post = (ca: Buffer | undefined) =>
        new Promise<{ status: number; body: any }>((resolve, reject) => {
          const req = https.request(
            `${secure.brokerUrl}/v1/connections/dw`,
            { method: 'POST', ca, headers: signed.headers },
            (res) => {
              let text = '';
              res.on('data', (c) => (text += c));
              res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
            },
          );
          req.on('error', reject);
          req.end(signed.body);
        });
      expect(await post(tls.ca)).toMatchObject({
        status: 200,
        body: { connection: { db: { password: PASSWORD } } },
      });
      await expect(post(undefined)).rejects.toThrow(/self[- ]signed|unable to verify/i);
    } finally {
      await secure.stop();
    }
  });

  it('never lets a secret value reach a log line, event, refusal body or realm table/bucket', async () => {
    const events = await realm.auditEvents();
    expect(events.filter((e) => e.source === 'lava.secrets-broker').length).toBeGreaterThan(5);
    expect(rdsToken).not.toBe('');
    for (const secret of [PASSWORD, 'sm-Secret-42', 'first-value', rdsToken]) {
      expect(await findSecret(secret, { logs, events, errors: refusalBodies, realm })).toEqual([]);
    }
    // The scan itself finds what is there.
    expect(await findSecret(PASSWORD, { logs: [`x ${JSON.stringify({ p: PASSWORD })}`] })).toHaveLength(1);
  });
});
