import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { SmbClient } from '@lava/connectors';
import type { CliContext } from '../cli-context';
import { UsageError } from '../errors';
import { resolveRealmConnection } from '../resolve-connection';
import { examples } from './help-text';

/** `SHARE:PATH` (the original's form, one colon) → its parts. */
export function smbPath(value: string): { share: string; path: string } {
  const parts = value.split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '')
    throw new UsageError(`Bad SMB path ${value}: must be in the form SHARE:PATH`);
  return { share: parts[0]!, path: parts[1]! };
}

/**
 * A scratch directory for S3 staging: `--tmpdir` as the original (must not exist; created, and
 * removed on exit), else a fresh one under the system temporary directory. It also holds the
 * private credentials directory of the SMB client.
 */
async function withScratch<T>(given: string | undefined, work: (dir: string) => Promise<T>): Promise<T> {
  let dir: string;
  if (given !== undefined) {
    if (await stat(given).catch(() => undefined))
      throw new UsageError(`--tmpdir ${given} must not exist (it is created and removed)`);
    await mkdir(given, { recursive: true, mode: 0o700 });
    dir = given;
  } else dir = await mkdtemp(join(tmpdir(), 'lava-smb.'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function withSmb<T>(
  ctx: CliContext,
  connId: string,
  scratch: string,
  work: (smb: SmbClient) => Promise<T>,
): Promise<T> {
  const connection = await resolveRealmConnection(ctx, connId, 'smb');
  const { SmbClient: Client } = await import('@lava/connectors');
  const smb = await Client.open(connection, { tmpRoot: scratch });
  try {
    return await work(smb);
  } finally {
    await smb.close();
  }
}

async function s3Client(ctx: CliContext) {
  const [s3, { parseS3Uri }] = await Promise.all([import('@aws-sdk/client-s3'), import('@lava/aws')]);
  return { s3, parseS3Uri, client: ctx.clients().s3 };
}

async function s3Download(ctx: CliContext, uri: string, file: string): Promise<void> {
  const { s3, parseS3Uri, client } = await s3Client(ctx);
  const { bucket, key } = parseS3Uri(uri);
  const out = await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key }));
  await pipeline(out.Body as Readable, createWriteStream(file, { mode: 0o600 }));
}

async function s3Upload(ctx: CliContext, file: string, uri: string, kmsKeyId?: string): Promise<void> {
  const { s3, parseS3Uri, client } = await s3Client(ctx);
  const { bucket, key } = parseS3Uri(uri);
  const { size } = await stat(file);
  await client.send(
    new s3.PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: createReadStream(file),
      ContentLength: size,
      ...(kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId } : {}),
    }),
  );
}

interface SmbOptions {
  connId: string;
  tmpdir?: string;
}

/**
 * `lava smb get|put` (the original `lava-smb`): copies one file between an SMB share (an smb
 * connection) and a local file or an S3 object. Local paths are relative to the current directory.
 */
export function registerSmbCommand(program: Command, ctx: CliContext): void {
  const smb = program
    .command('smb')
    .description('copy files between an SMB file share (an smb connection) and local files or S3')
    .requiredOption('-c, --conn-id <conn_id>', 'the smb connection')
    .option('--tmpdir <dir>', 'stage S3 copies here (must not exist; removed on exit)');
  smb.addHelpText(
    'after',
    examples(
      'lava smb -c fileserver get Public:/reports/q1.csv q1.csv',
      'lava smb -c fileserver put --mkdir q1.csv Public:/archive/2026/q1.csv',
    ),
  );
  const opts = () => smb.opts() as SmbOptions;

  smb
    .command('get')
    .description('copy a file from an SMB share to a local file or s3://bucket/key')
    .option('-k, --kms-key-id <key>', 'KMS key for the S3 upload (SSE-KMS)')
    .argument('<share:path>', 'source, SHARE:PATH')
    .argument('<file>', 'target: a local file or s3://bucket/key')
    .addHelpText(
      'after',
      examples('lava smb -c fileserver get -k alias/data Public:/q1.csv s3://bkt/in/q1.csv'),
    )
    .action(async (source: string, file: string, o: { kmsKeyId?: string }) => {
      const { share, path } = smbPath(source);
      await withScratch(opts().tmpdir, async (scratch) => {
        const toS3 = file.startsWith('s3://');
        const local = toS3 ? join(scratch, basename(file)) : resolve(file);
        await withSmb(ctx, opts().connId, scratch, (c) => c.get(share, path, local));
        if (toS3) await s3Upload(ctx, local, file, o.kmsKeyId);
      });
      ctx.io.stdout(`copied ${source} to ${file}\n`);
    });

  smb
    .command('put')
    .description('copy a local file or s3://bucket/key to an SMB share')
    .option('-m, --mkdir', "create the target directory if it doesn't exist")
    .argument('<file>', 'source: a local file or s3://bucket/key')
    .argument('<share:path>', 'target, SHARE:PATH')
    .addHelpText('after', examples('lava smb -c fileserver put s3://bkt/out/q1.csv Public:/q1.csv'))
    .action(async (file: string, target: string, o: { mkdir?: boolean }) => {
      const { share, path } = smbPath(target);
      await withScratch(opts().tmpdir, async (scratch) => {
        const local = file.startsWith('s3://') ? join(scratch, basename(file)) : resolve(file);
        if (file.startsWith('s3://')) await s3Download(ctx, file, local);
        await withSmb(ctx, opts().connId, scratch, (c) =>
          c.put(local, share, path, { mkdirs: o.mkdir === true }),
        );
      });
      ctx.io.stdout(`copied ${file} to ${target}\n`);
    });
}
