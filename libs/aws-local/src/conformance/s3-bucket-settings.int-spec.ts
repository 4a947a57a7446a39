import {
  CreateBucketCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketOwnershipControlsCommand,
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  ListBucketsCommand,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketLoggingCommand,
  PutBucketOwnershipControlsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { useAwsEndpoint } from '../testing';
import { awsClientConfig, uniqueName } from './support';

jest.setTimeout(30_000);

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

describe('S3 bucket settings (real SDK v3)', () => {
  const aws = useAwsEndpoint();
  const s3 = (accessKeyId?: string) =>
    new S3Client({ ...awsClientConfig(aws.url(), { accessKeyId }), forcePathStyle: true });
  async function bucket(
    client = s3(),
    extra: Partial<ConstructorParameters<typeof CreateBucketCommand>[0]> = {},
  ) {
    const Bucket = uniqueName('settings').toLowerCase();
    await client.send(new CreateBucketCommand({ Bucket, ...extra }));
    return Bucket;
  }
  const errorOf = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: { name: string }) => e.name,
    );

  it('GetBucketAcl: the creating account owns the bucket, as ListBuckets names the caller', async () => {
    const Bucket = await bucket();
    const acl = await s3().send(new GetBucketAclCommand({ Bucket }));
    const { Owner } = await s3().send(new ListBucketsCommand({}));
    expect(Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    expect(acl.Owner?.ID).toBe(Owner?.ID);
    expect(acl.Grants).toEqual([
      { Grantee: { Type: 'CanonicalUser', ID: Owner?.ID }, Permission: 'FULL_CONTROL' },
    ]);
  });

  it('another account (12-digit access key) sees another owner', async () => {
    const Bucket = await bucket(s3('111111111111'));
    const acl = await s3('222222222222').send(new GetBucketAclCommand({ Bucket }));
    const mine = await s3('222222222222').send(new ListBucketsCommand({}));
    const theirs = await s3('111111111111').send(new ListBucketsCommand({}));
    expect(acl.Owner?.ID).toBe(theirs.Owner?.ID);
    expect(acl.Owner?.ID).not.toBe(mine.Owner?.ID);
  });

  it('ACLs are refused while ObjectOwnership is BucketOwnerEnforced (the default), accepted after', async () => {
    const Bucket = await bucket();
    expect(await errorOf(s3().send(new PutBucketAclCommand({ Bucket, ACL: 'public-read' })))).toBe(
      'AccessControlListNotSupported',
    );
    const controls = await s3().send(new GetBucketOwnershipControlsCommand({ Bucket }));
    expect(controls.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    await s3().send(
      new PutBucketOwnershipControlsCommand({
        Bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      }),
    );
    await s3().send(new PutBucketAclCommand({ Bucket, ACL: 'public-read' }));
    const acl = await s3().send(new GetBucketAclCommand({ Bucket }));
    expect(acl.Grants).toContainEqual({ Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' });
    await s3().send(new PutBucketAclCommand({ Bucket, ACL: 'private' }));
    expect((await s3().send(new GetBucketAclCommand({ Bucket }))).Grants).toHaveLength(1);
    await s3().send(new DeleteBucketOwnershipControlsCommand({ Bucket }));
    expect(await errorOf(s3().send(new GetBucketOwnershipControlsCommand({ Bucket })))).toBe(
      'OwnershipControlsNotFoundError',
    );
  });

  it('CreateBucket with a public ACL needs an ownership that allows ACLs; an AccessControlPolicy body works', async () => {
    const refused = errorOf(bucket(s3(), { ACL: 'public-read' }));
    expect(await refused).toBe('InvalidBucketAclWithObjectOwnership');
    const Bucket = await bucket(s3(), { ACL: 'public-read', ObjectOwnership: 'BucketOwnerPreferred' });
    const acl = await s3().send(new GetBucketAclCommand({ Bucket }));
    expect(acl.Grants).toContainEqual({ Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' });
    await s3().send(
      new PutBucketAclCommand({
        Bucket,
        AccessControlPolicy: {
          Owner: acl.Owner,
          Grants: [
            { Grantee: { Type: 'CanonicalUser', ID: acl.Owner!.ID }, Permission: 'FULL_CONTROL' },
            {
              Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers' },
              Permission: 'READ',
            },
          ],
        },
      }),
    );
    const after = await s3().send(new GetBucketAclCommand({ Bucket }));
    expect(after.Grants?.map((g) => g.Grantee?.URI ?? g.Grantee?.ID)).toEqual([
      acl.Owner!.ID,
      'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
    ]);
  });

  it('default encryption: SSE-S3 by default, PutBucketEncryption replaces it, Delete restores the default', async () => {
    const Bucket = await bucket();
    const rule = async () =>
      (await s3().send(new GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration
        ?.Rules?.[0];
    expect((await rule())?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
    await s3().send(
      new PutBucketEncryptionCommand({
        Bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/lava' },
              BucketKeyEnabled: true,
            },
          ],
        },
      }),
    );
    expect(await rule()).toEqual({
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/lava' },
      BucketKeyEnabled: true,
    });
    await s3().send(new DeleteBucketEncryptionCommand({ Bucket }));
    expect((await rule())?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
  });

  it('server access logging: off by default; the target bucket must exist; can be turned off again', async () => {
    const Bucket = await bucket();
    const logs = await bucket();
    expect((await s3().send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled).toBeUndefined();
    const enable = (TargetBucket: string) =>
      s3().send(
        new PutBucketLoggingCommand({
          Bucket,
          BucketLoggingStatus: { LoggingEnabled: { TargetBucket, TargetPrefix: 'access/' } },
        }),
      );
    expect(await errorOf(enable(`${logs}-missing`))).toBe('InvalidTargetBucketForLogging');
    await enable(logs);
    expect((await s3().send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled).toEqual({
      TargetBucket: logs,
      TargetPrefix: 'access/',
    });
    await s3().send(new PutBucketLoggingCommand({ Bucket, BucketLoggingStatus: {} }));
    expect((await s3().send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled).toBeUndefined();
  });

  it('settings of a missing bucket answer NoSuchBucket', async () => {
    const Bucket = uniqueName('missing').toLowerCase();
    for (const call of [
      s3().send(new GetBucketAclCommand({ Bucket })),
      s3().send(new GetBucketEncryptionCommand({ Bucket })),
      s3().send(new GetBucketLoggingCommand({ Bucket })),
    ])
      expect(await errorOf(call)).toBe('NoSuchBucket');
  });
});

describe('S3 without default encryption (s3DefaultEncryption: false)', () => {
  const aws = useAwsEndpoint(() => ({ s3DefaultEncryption: false }));
  const s3 = () => new S3Client({ ...awsClientConfig(aws.url()), forcePathStyle: true });

  it('GetBucketEncryption answers ServerSideEncryptionConfigurationNotFoundError until configured', async () => {
    const Bucket = uniqueName('plain').toLowerCase();
    await s3().send(new CreateBucketCommand({ Bucket }));
    const err = await s3()
      .send(new GetBucketEncryptionCommand({ Bucket }))
      .catch((e: { name: string; $metadata: { httpStatusCode?: number } }) => e);
    expect(err).toMatchObject({
      name: 'ServerSideEncryptionConfigurationNotFoundError',
      $metadata: { httpStatusCode: 404 },
    });
    await s3().send(
      new PutBucketEncryptionCommand({
        Bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
    );
    const out = await s3().send(new GetBucketEncryptionCommand({ Bucket }));
    expect(
      out.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
    ).toBe('AES256');
  });
});
