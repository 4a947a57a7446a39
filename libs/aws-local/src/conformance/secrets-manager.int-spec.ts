import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  InvalidRequestException,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  RestoreSecretCommand,
  SecretsManagerClient,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { useAwsEndpoint } from '../testing';
import { awsClientConfig, errorOf, uniqueName } from './support';

// Real SDK round trips, long polls and backend start-up: allow for a busy CI machine.
jest.setTimeout(30_000);
describe('Secrets Manager', () => {
  const aws = useAwsEndpoint();
  const sm = () => new SecretsManagerClient(awsClientConfig(aws.url()));

  it('creates a secret with a suffixed ARN and the token as version (check 85)', async () => {
    const name = uniqueName('secret');
    const token = randomUUID();
    const res = await sm().send(
      new CreateSecretCommand({ Name: name, SecretString: 's3cr3t', ClientRequestToken: token }),
    );
    expect(res.ARN).toMatch(
      new RegExp(`^arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-[A-Za-z0-9]{6}$`),
    );
    expect(res.VersionId).toBe(token);
    expect(res.Name).toBe(name);
  });

  it('refuses to create an existing name with a new token (check 86)', async () => {
    const name = uniqueName('dup');
    await sm().send(new CreateSecretCommand({ Name: name, SecretString: 'a' }));
    const err = await errorOf(() => sm().send(new CreateSecretCommand({ Name: name, SecretString: 'a' })));
    expect(err).toBeInstanceOf(ResourceExistsException);
    expect(err.message).toBe(`The operation failed because the secret ${name} already exists.`);
  });

  it('resolves name, full ARN and partial ARN (check 87)', async () => {
    const name = uniqueName('resolve');
    const { ARN } = await sm().send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    for (const id of [name, ARN!, ARN!.slice(0, -7)]) {
      expect((await sm().send(new GetSecretValueCommand({ SecretId: id }))).SecretString).toBe('v');
    }
    await expect(
      sm().send(new GetSecretValueCommand({ SecretId: uniqueName('missing') })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('moves AWSCURRENT to a new version and keeps AWSPREVIOUS (check 88)', async () => {
    const name = uniqueName('rotate');
    const created = await sm().send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
    const put = await sm().send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two' }));
    expect(put.VersionStages).toEqual(['AWSCURRENT']);
    const current = await sm().send(new GetSecretValueCommand({ SecretId: name }));
    expect(current).toMatchObject({
      SecretString: 'two',
      VersionId: put.VersionId,
      VersionStages: ['AWSCURRENT'],
    });
    const previous = await sm().send(
      new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }),
    );
    expect(previous).toMatchObject({ SecretString: 'one', VersionId: created.VersionId });
    expect(current.CreatedDate).toBeInstanceOf(Date);
  });

  it('refuses AWSPREVIOUS on a single-version secret (check 89)', async () => {
    const name = uniqueName('single');
    await sm().send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const err = await errorOf(() =>
      sm().send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' })),
    );
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.message).toContain('staging label: AWSPREVIOUS');
  });

  it('refuses a VersionId and VersionStage that disagree (check 90)', async () => {
    const name = uniqueName('disagree');
    const v1 = await sm().send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
    await sm().send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two' }));
    const err = await errorOf(() =>
      sm().send(
        new GetSecretValueCommand({ SecretId: name, VersionId: v1.VersionId, VersionStage: 'AWSCURRENT' }),
      ),
    );
    expect(err).toBeInstanceOf(InvalidRequestException);
    expect(
      (await sm().send(new GetSecretValueCommand({ SecretId: name, VersionId: v1.VersionId }))).SecretString,
    ).toBe('one');
  });

  it('round-trips binary secrets (check 91)', async () => {
    const name = uniqueName('binary');
    const bytes = new Uint8Array([1, 2, 3, 0, 255]);
    await sm().send(new CreateSecretCommand({ Name: name, SecretBinary: bytes }));
    const got = await sm().send(new GetSecretValueCommand({ SecretId: name }));
    expect(Buffer.from(got.SecretBinary!)).toEqual(Buffer.from(bytes));
    expect(got.SecretString).toBeUndefined();
  });

  it('schedules deletion, hides the secret, and restores it (check 92)', async () => {
    const name = uniqueName('delete');
    await sm().send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const del = await sm().send(new DeleteSecretCommand({ SecretId: name }));
    const days = (del.DeletionDate!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    await expect(sm().send(new GetSecretValueCommand({ SecretId: name }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
    const listed = await sm().send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name] }] }));
    expect(listed.SecretList ?? []).toHaveLength(0);
    const planned = await sm().send(
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name] }], IncludePlannedDeletion: true }),
    );
    expect(planned.SecretList?.[0]?.DeletedDate).toBeInstanceOf(Date);
    await sm().send(new RestoreSecretCommand({ SecretId: name }));
    expect((await sm().send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('x');
  });

  it('refuses both RecoveryWindowInDays and ForceDeleteWithoutRecovery (check 93)', async () => {
    const name = uniqueName('both');
    await sm().send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const err = await errorOf(() =>
      sm().send(
        new DeleteSecretCommand({
          SecretId: name,
          RecoveryWindowInDays: 7,
          ForceDeleteWithoutRecovery: true,
        }),
      ),
    );
    expect(err).toBeInstanceOf(InvalidParameterException);
    expect(
      await errorOf(() => sm().send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 3 }))),
    ).toBeInstanceOf(InvalidParameterException);
  });

  it('refuses to create a name pending deletion, and force-deletes (check 94)', async () => {
    const name = uniqueName('pending');
    await sm().send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    await sm().send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    await expect(
      sm().send(new CreateSecretCommand({ Name: name, SecretString: 'y' })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    await sm().send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    await expect(sm().send(new DescribeSecretCommand({ SecretId: name }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await sm().send(new CreateSecretCommand({ Name: name, SecretString: 'y' }));
  });

  it('describes versions and stages (check 95)', async () => {
    const name = uniqueName('describe');
    const v1 = await sm().send(
      new CreateSecretCommand({
        Name: name,
        SecretString: 'one',
        Description: 'd',
        Tags: [{ Key: 'k', Value: 'v' }],
      }),
    );
    const v2 = await sm().send(new UpdateSecretCommand({ SecretId: name, SecretString: 'two' }));
    const desc = await sm().send(new DescribeSecretCommand({ SecretId: name }));
    expect(desc.VersionIdsToStages).toEqual({
      [v1.VersionId!]: ['AWSPREVIOUS'],
      [v2.VersionId!]: ['AWSCURRENT'],
    });
    expect(desc).toMatchObject({ Name: name, Description: 'd', Tags: [{ Key: 'k', Value: 'v' }] });
  });

  it('keeps AWSCURRENT when a version is put with a custom stage', async () => {
    const name = uniqueName('stage');
    await sm().send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
    await sm().send(
      new PutSecretValueCommand({ SecretId: name, SecretString: 'staged', VersionStages: ['SAMPLESTAGE0'] }),
    );
    expect((await sm().send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('one');
    expect(
      (await sm().send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'SAMPLESTAGE0' })))
        .SecretString,
    ).toBe('staged');
  });

  it('refuses invalid names', async () => {
    expect(
      (await errorOf(() => sm().send(new CreateSecretCommand({ Name: 'bad name', SecretString: 'x' })))).name,
    ).toBe('ValidationException');
  });
});
