import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseS3Location } from '@lava/core';
import type { CliContext } from '../cli-context';

/** Reads a SQL source: a local file, an `s3://` object, or stdin for `-`. */
export async function readSqlSource(ctx: CliContext, source: string): Promise<string> {
  if (source === '-') return readStream(process.stdin);
  if (!source.startsWith('s3://')) return readFile(source, 'utf8');
  const { bucket, key } = parseS3Location(source);
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  const out = await ctx.clients().s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await out.Body?.transformToString('utf8')) ?? '';
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Where result sets go, and how to finish (an S3 output is uploaded once the run is done). */
export interface SqlOutput {
  sink: Writable;
  finish(): Promise<void>;
  discard(): Promise<void>;
}

/** stdout (through the CLI's output), a local file, or an `s3://` object via a temporary file. */
export async function openSqlOutput(ctx: CliContext, target: string | undefined): Promise<SqlOutput> {
  if (target === undefined) {
    const sink = new Writable({
      write(chunk: Buffer | string, _enc, done) {
        ctx.io.stdout(chunk.toString());
        done();
      },
    });
    return { sink, finish: async () => undefined, discard: async () => undefined };
  }
  if (!target.startsWith('s3://')) {
    const sink = createWriteStream(target);
    return { sink, finish: async () => undefined, discard: () => rm(target, { force: true }) };
  }
  const { bucket, key } = parseS3Location(target);
  const dir = await mkdtemp(path.join(tmpdir(), 'lava-sql-'));
  const file = path.join(dir, 'output');
  return {
    sink: createWriteStream(file),
    finish: async () => {
      try {
        const { PutObjectCommand } = await import('@aws-sdk/client-s3');
        const body = createReadStream(file);
        const length = (await stat(file)).size;
        await ctx
          .clients()
          .s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: length }));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    discard: () => rm(dir, { recursive: true, force: true }),
  };
}
