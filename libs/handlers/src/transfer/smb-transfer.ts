import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { JobFailedError, type HandlerContext, type ObjectSource } from '@lava/core';
import { ConnectorError, sanitiseMessage, SmbClient, type ResolvedSmbConnection } from '@lava/connectors';
import { checkDeclaredParameters, jinjaParameter, varsParameter } from '../exec/parameters';
import { timeoutMs } from '../exec/timeout';
import { TIMEOUT_EXIT_STATUS } from '../process/run-process';
import { stringParameter } from '../sql/sql-parameters';
import { releasedConnection } from '../released-connection';

/** What an smb_get/smb_put run moves: `share:path` on one side, a local file or S3 object on the other. */
export interface SmbTransfer {
  connId: string;
  share: string;
  path: string;
  /** `s3://…` or an absolute local path. */
  file: string;
  kmsKeyId?: string;
}

/** Checked and rendered parameters (the original renders `path` and `file` only). */
export async function smbTransferParameters(ctx: HandlerContext): Promise<SmbTransfer> {
  const type = ctx.job.type;
  const p = ctx.job.parameters;
  checkDeclaredParameters(type, p);
  const jinja = jinjaParameter(p.jinja);
  const vars = varsParameter(type, p.vars);
  const render = async (field: string): Promise<string> => {
    const raw = stringParameter(type, field, p[field]);
    return jinja ? ctx.renderer.render(raw, `parameters.${field}`, { vars }) : raw;
  };
  const path = await render('path');
  const file = await render('file');
  const basedir =
    typeof p.basedir === 'string' && p.basedir !== '' ? resolve(ctx.runDir, p.basedir) : ctx.runDir;
  return {
    connId: stringParameter(type, 'conn_id', p.conn_id),
    share: stringParameter(type, 'share_name', p.share_name),
    path,
    file: file.startsWith('s3://') || isAbsolute(file) ? file : join(basedir, file),
    kmsKeyId: typeof p.kms_key_id === 'string' && p.kms_key_id !== '' ? p.kms_key_id : undefined,
  };
}

/**
 * Opens the transfer's SMB client (credentials file in the run directory), runs `work` with it
 * and a scratch directory under the timeout (`timeout`, else `SMB_TIMEOUT`, else 10m), and turns
 * any failure into a JobFailedError whose message holds no secret.
 */
export async function withSmbClient<T>(
  ctx: HandlerContext,
  t: SmbTransfer,
  work: (smb: SmbClient, scratch: string) => Promise<T>,
): Promise<T> {
  const resolved = await smbConnection(ctx, t.connId);
  const timeout = timeoutMs(ctx, 'SMB_TIMEOUT');
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeout)]);
  const scratch = await mkdtemp(join(ctx.runDir, '.lava-smb-'));
  let smb: SmbClient | undefined;
  try {
    smb = await SmbClient.open(resolved, { tmpRoot: ctx.runDir, signal, searchPath: ctx.baseEnv.PATH });
    return await work(smb, scratch);
  } catch (err) {
    if (signal.aborted && !ctx.signal.aborted)
      throw new JobFailedError('TIMEOUT', `Timed out after ${timeout / 1000} seconds`, {
        exit_status: TIMEOUT_EXIT_STATUS,
      });
    throw failure(err, resolved);
  } finally {
    await smb?.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The S3 port, or a clear failure on a worker without one. */
export function objectsFor(ctx: HandlerContext, needPut: boolean): ObjectSource {
  const objects = ctx.objects;
  if (objects === undefined || (needPut && objects.put === undefined))
    throw new JobFailedError(
      'UNSUPPORTED',
      `${ctx.job.type} with s3:// needs S3 access, which this worker does not provide`,
      {
        exit_status: 1,
      },
    );
  return objects;
}

/** Copy a stream into a local file, creating its directory. */
export async function streamToFile(body: NodeJS.ReadableStream, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await pipeline(body, createWriteStream(file));
}

async function smbConnection(ctx: HandlerContext, connId: string): Promise<ResolvedSmbConnection> {
  const resolved = await releasedConnection(ctx, connId);
  if (resolved?.kind !== 'smb')
    throw new JobFailedError('CONNECTION_UNSUPPORTED', `Connection ${connId} is not an smb connection`, {
      exit_status: 1,
    });
  return resolved;
}

function failure(err: unknown, resolved: ResolvedSmbConnection): JobFailedError {
  if (err instanceof JobFailedError) return err;
  const message = sanitiseMessage(err instanceof Error ? err.message : String(err), resolved.secretValues);
  const code = err instanceof ConnectorError ? err.code : 'TRANSFER_FAILED';
  const status =
    err instanceof ConnectorError && typeof err.context.status === 'string'
      ? { status: err.context.status }
      : {};
  return new JobFailedError(code, message, { exit_status: 1, error: message, ...status });
}
