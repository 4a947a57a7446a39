import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetSecretValueCommand,
  CreateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startAwsLocal, type AwsLocalHandle } from '..';
import { awsClientConfig, uniqueName } from './support';

jest.setTimeout(30_000);

/** --secrets-credentials: SSM and Secrets Manager answer only the realm's own signed requests. */
describe('aws-local secrets guard', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lava-aws-local-guard-'));
  const file = join(dir, 'credentials');
  const admin = { accessKeyId: 'LAVAREALMADMIN', secretAccessKey: 'a-secret-only-services-hold' };
  let handle: AwsLocalHandle;
  const client = (credentials: { accessKeyId: string; secretAccessKey: string }) => ({
    ...awsClientConfig(handle.url),
    credentials,
    maxAttempts: 1,
  });

  beforeAll(async () => {
    writeFileSync(
      file,
      `[default]\naws_access_key_id = ${admin.accessKeyId}\naws_secret_access_key = ${admin.secretAccessKey}\n`,
      { mode: 0o600 },
    );
    handle = await startAwsLocal({ port: 0, secretsCredentialsFile: file });
  });
  afterAll(async () => {
    await handle?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves SSM and Secrets Manager to requests signed with the realm key', async () => {
    const name = `/guard/${uniqueName('p')}`;
    await new SSMClient(client(admin)).send(
      new PutParameterCommand({ Name: name, Value: 'pv', Type: 'SecureString' }),
    );
    const got = await new SSMClient(client(admin)).send(
      new GetParameterCommand({ Name: name, WithDecryption: true }),
    );
    expect(got.Parameter?.Value).toBe('pv');
    const secret = uniqueName('guard-s');
    await new SecretsManagerClient(client(admin)).send(
      new CreateSecretCommand({ Name: secret, SecretString: 'sv' }),
    );
    expect(
      (await new SecretsManagerClient(client(admin)).send(new GetSecretValueCommand({ SecretId: secret })))
        .SecretString,
    ).toBe('sv');
  });

  it('refuses another key, the right key id with a wrong secret, and unsigned requests, naming the fix', async () => {
    const secret = uniqueName('guard-t');
    await new SecretsManagerClient(client(admin)).send(
      new CreateSecretCommand({ Name: secret, SecretString: 'hidden' }),
    );
    const attempts = [
      new SSMClient(client({ accessKeyId: 'test', secretAccessKey: 'test' })).send(
        new GetParameterCommand({ Name: '/guard/x' }),
      ),
      new SecretsManagerClient(client({ accessKeyId: admin.accessKeyId, secretAccessKey: 'guessed' })).send(
        new GetSecretValueCommand({ SecretId: secret }),
      ),
    ];
    for (const attempt of attempts) {
      await expect(attempt).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: expect.stringMatching(/access key test may not|signature does not match/),
      });
    }
    const unsigned = await fetch(handle.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.GetSecretValue',
      },
      body: JSON.stringify({ SecretId: secret }),
    });
    const text = await unsigned.text();
    expect(unsigned.status).toBe(400);
    expect(text).toContain('AccessDeniedException');
    expect(text).toContain(`Use the credentials in ${file}`);
    expect(text).not.toContain('hidden');
  });

  it('leaves the other services open (it is not an IAM emulator)', async () => {
    const out = await new SQSClient(client({ accessKeyId: 'test', secretAccessKey: 'test' })).send(
      new CreateQueueCommand({ QueueName: uniqueName('guard-q') }),
    );
    expect(out.QueueUrl).toBeDefined();
  });
});
