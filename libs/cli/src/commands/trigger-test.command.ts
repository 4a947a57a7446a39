import { randomUUID } from 'node:crypto';
import { sendToTriggerQueue } from '@lava/aws';
import { parseS3Location, parseSize } from '@lava/core';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { UsageError } from '../errors';
import { examples } from './help-text';

interface TriggerTestOptions {
  size?: string;
  deleted?: boolean;
}

/** An EventBridge `Object Created`/`Object Deleted` event as S3 sends it to the default bus. */
export function syntheticS3Event(
  bucket: string,
  key: string,
  opts: { size?: number; deleted?: boolean; region: string; now?: Date },
) {
  const now = opts.now ?? new Date();
  const object = {
    key,
    ...(opts.deleted ? {} : { size: opts.size ?? 0, etag: 'synthetic' }),
    sequencer: `T${now.getTime().toString(16).toUpperCase()}${randomUUID().slice(0, 8)}`,
  };
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': opts.deleted ? 'Object Deleted' : 'Object Created',
    source: 'aws.s3',
    account: '000000000000',
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: opts.region,
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object,
      'request-id': 'lava-trigger-test',
      requester: 'lava-cli',
      'source-ip-address': '127.0.0.1',
      reason: opts.deleted ? 'DeleteObject' : 'PutObject',
    },
  };
}

async function sendTestEvent(ctx: CliContext, location: string, opts: TriggerTestOptions): Promise<void> {
  const { bucket, key } = parseS3Location(location);
  if (!key) throw new UsageError(`${location}: give an object key, e.g. s3://${bucket}/landing/file.csv`);
  let size: number | undefined;
  try {
    size = opts.size === undefined ? undefined : parseSize(opts.size);
  } catch (err) {
    throw new UsageError(`--size ${opts.size}: ${(err as Error).message}`);
  }
  const event = syntheticS3Event(bucket, key, {
    size,
    deleted: opts.deleted,
    region: ctx.clients().config.region,
  });
  const queue = await sendToTriggerQueue(ctx.clients(), ctx.realm(), JSON.stringify(event));
  ctx.print(
    { queue, event },
    `sent ${event['detail-type']} s3://${bucket}/${key} to ${queue}; see "lava runs <job_id>" for the run`,
  );
}

/** `lava trigger test s3://bucket/key [--size N] [--deleted]` (the original's `s3lambda`). */
export function registerTriggerTestCommand(program: Command, ctx: CliContext): void {
  const trigger = program.commands.find((c) => c.name() === 'trigger') ?? program.command('trigger');
  trigger
    .command('test')
    .description(
      'send a synthetic S3 event for an object to the realm trigger queue, as if it had been uploaded',
    )
    .argument('<s3_uri>', 'the object, s3://bucket/key')
    .option('--size <size>', 'object size for if_size_gt, e.g. 2048 or 5MiB (default 0)')
    .option('--deleted', 'send an Object Deleted event instead of Object Created')
    .addHelpText(
      'after',
      examples('lava trigger test s3://lava-demo/landing/2024-05-01/sales.csv --size 2KiB'),
    )
    .action((location: string, opts: TriggerTestOptions) => sendTestEvent(ctx, location, opts));
}
