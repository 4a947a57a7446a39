import {
  CreateBucketCommand,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketLoggingCommand,
  PutBucketOwnershipControlsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { S3ObjectSource } from '@lava/aws';
import { awsClientConfig, uniqueName, useAwsEndpoint } from '@lava/aws-local/testing';
import type { HandlerResult, JobFailedError } from '@lava/core';
import { makeContext, makeJob } from '../testing/handler-context.fixture';
import { fakeDbConnection, RecordingSession, registryWith } from '../testing/recording-session';
import { RedshiftUnloadHandler } from './redshift-unload.handler';

/**
 * redshift_unload's bucket checks through the real SDK v3 adapter against aws-local's S3. The
 * endpoint starts without default encryption so that check can fail (S3 itself has encrypted
 * every bucket by default since 2023). No Redshift here: the UNLOAD is recorded at the session.
 */
jest.setTimeout(30_000);
const aws = useAwsEndpoint(() => ({ s3DefaultEncryption: false }));
const s3 = (accessKeyId?: string) =>
  new S3Client({ ...awsClientConfig(aws.url(), { accessKeyId }), forcePathStyle: true });

/** A bucket that passes every check unless `skip` names one; `client` creates it (its account owns it). */
async function bucket(opts: { skip?: 'encryption' | 'logging'; public?: boolean; client?: S3Client } = {}) {
  const c = opts.client ?? s3();
  const Bucket = uniqueName('unload').toLowerCase();
  const logs = `${Bucket}-logs`;
  await c.send(new CreateBucketCommand({ Bucket }));
  await c.send(new CreateBucketCommand({ Bucket: logs }));
  if (opts.skip !== 'encryption')
    await c.send(
      new PutBucketEncryptionCommand({
        Bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
    );
  if (opts.skip !== 'logging')
    await c.send(
      new PutBucketLoggingCommand({
        Bucket,
        BucketLoggingStatus: { LoggingEnabled: { TargetBucket: logs, TargetPrefix: 'access/' } },
      }),
    );
  if (opts.public) {
    await c.send(
      new PutBucketOwnershipControlsCommand({
        Bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      }),
    );
    await c.send(new PutBucketAclCommand({ Bucket, ACL: 'public-read' }));
  }
  return Bucket;
}

async function unload(bucketName: string, extra: Record<string, unknown> = {}) {
  const session = new RecordingSession('redshift');
  const f = makeContext(
    makeJob({
      type: 'redshift_unload',
      payload: null,
      parameters: {
        conn_id: 'rs',
        bucket: bucketName,
        prefix: 'out/{{ relation }}/',
        schema: 'sales',
        relation: 'orders',
        args: ['CSV'],
        s3_iam_role: 'arn:aws:iam::123456789012:role/rs-unload',
        ...extra,
      },
    }),
    { connections: { rs: fakeDbConnection('redshift', 'redshift') }, objects: new S3ObjectSource(s3()) },
  );
  const outcome = await new RedshiftUnloadHandler(registryWith(session)).run(f.ctx).then(
    (r: HandlerResult) => r,
    (e: JobFailedError) => e,
  );
  return { outcome, session, logLines: f.logLines };
}

const unloads = (s: RecordingSession) => s.statements.filter((x) => x.sql.startsWith('UNLOAD'));

describe('redshift_unload bucket checks (real SDK v3 against aws-local S3)', () => {
  it('a bucket passing every check is unloaded into', async () => {
    const b = await bucket();
    const { outcome, session } = await unload(b);
    expect(outcome).toMatchObject({ exit_status: 0 });
    expect(unloads(session)).toHaveLength(1);
  });

  it('public access: an ACL grant to AllUsers fails before the database is touched', async () => {
    const b = await bucket({ public: true });
    const { outcome, session } = await unload(b);
    expect(outcome).toMatchObject({
      name: 'BucketInsecureError',
      code: 'BUCKET_INSECURE',
      message: `Bucket ${b} is insecure: its ACL grants READ to everyone (AllUsers); remove the public grant (put-bucket-acl --acl private), or set insecure: true to skip the bucket checks`,
      data: { bucket: b, setting: 'public access', exit_status: 1 },
    });
    expect(session.statements).toEqual([]);
  });

  it('default encryption: a bucket without it fails', async () => {
    const b = await bucket({ skip: 'encryption' });
    const { outcome, session } = await unload(b);
    expect(outcome).toMatchObject({
      code: 'BUCKET_INSECURE',
      message: `Bucket ${b} is insecure: it has no default encryption; turn default encryption on (put-bucket-encryption, SSE-S3 or SSE-KMS), or set insecure: true to skip the bucket checks`,
      data: { setting: 'default encryption' },
    });
    expect(unloads(session)).toEqual([]);
  });

  it('server access logging: a bucket without it fails', async () => {
    const b = await bucket({ skip: 'logging' });
    const { outcome } = await unload(b);
    expect(outcome).toMatchObject({
      code: 'BUCKET_INSECURE',
      message: `Bucket ${b} is insecure: server access logging is off; turn it on (put-bucket-logging), or set insecure: true to skip the bucket checks`,
      data: { setting: 'server access logging' },
    });
  });

  it('owner: a bucket of another account fails, naming both canonical ids', async () => {
    const b = await bucket({ client: s3('111111111111') });
    const { outcome } = await unload(b);
    expect(outcome).toMatchObject({ code: 'BUCKET_INSECURE', data: { setting: 'owner', bucket: b } });
    expect((outcome as Error).message).toMatch(
      new RegExp(
        `^Bucket ${b} is insecure: it is owned by another account \\(canonical id [0-9a-f]{64}, this account is [0-9a-f]{64}\\); unload to a bucket of this account, or set insecure: true`,
      ),
    );
  });

  it('a bucket S3 will not describe (missing) fails the check with the S3 error', async () => {
    const b = uniqueName('nobucket').toLowerCase();
    const { outcome, session } = await unload(b);
    expect(outcome).toMatchObject({
      name: 'BucketCheckFailedError',
      code: 'BUCKET_CHECK_FAILED',
      data: { bucket: b, setting: 'public access' },
    });
    expect((outcome as Error).message).toMatch(
      new RegExp(`^Bucket ${b}: cannot verify public access \\(NoSuchBucket: `),
    );
    expect(session.statements).toEqual([]);
  });

  it('insecure: true skips the checks with a warning and unloads into a public bucket', async () => {
    const b = await bucket({ public: true, skip: 'logging' });
    const { outcome, session, logLines } = await unload(b, { insecure: true });
    expect(outcome).toMatchObject({ exit_status: 0 });
    expect(unloads(session)).toHaveLength(1);
    expect(JSON.stringify(logLines)).toContain('Possible insecure redshift_unload');
  });
});
