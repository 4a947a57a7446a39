import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import {
  parseDuration,
  JobFailedError,
  type HandlerContext,
  type HandlerResult,
  runConfig,
  shellSplit,
} from '@lava/core';
import { BadParametersError } from '../errors';
import type { JobHandler } from '../handler';
import type { OutputEntry } from '../exec/exec-step';
import { checkDeclaredParameters } from '../exec/parameters';
import { payloadLimit } from '../exec/payload-limit';
import { processInputs, runExecutable } from '../exec/process-job';
import { unpackArchive } from '../exec/unpack';
import { payloadUri } from './exe.handler';

/**
 * `pkg`: downloads archives, unpacks each in process and runs its entry point.
 * Improvements: list payloads work, archives unpack without external binaries, traversal refused.
 */
export class PkgHandler implements JobHandler {
  readonly type = 'pkg';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    checkDeclaredParameters(this.type, p);
    const [entryPoint, ...commandArgs] = shellSplit(commandParameter(p), { comments: false });
    if (!entryPoint) throw new BadParametersError(this.type, 'No command');
    const locations = payloadList(ctx.job.payload);
    const { args, env } = await processInputs(ctx, this.type, commandArgs, {
      field: 'args',
      wording: 'Bad payload or args',
      extras: { LAVA_S3_PAYLOAD: payloadUri(ctx, locations.join(',')) },
    });
    const downloads = await ctx.payloads.download(
      locations,
      ctx.runDir,
      payloadLimit(ctx, 'PKG_MAX_PAYLOAD_SIZE'),
    );
    const archives = downloads.flatMap((d) => d.files);
    const output: OutputEntry[] = [];
    for (const [n, archive] of archives.entries()) {
      output.push(await this.runArchive(ctx, { archive, index: n + 1, entryPoint, args, env }, output));
    }
    return { exit_status: 0, output };
  }

  private async runArchive(
    ctx: HandlerContext,
    a: { archive: string; index: number; entryPoint: string; args: string[]; env: Record<string, string> },
    done: OutputEntry[],
  ): Promise<OutputEntry> {
    const dir = mkdtempSync(join(ctx.runDir, `${a.index}.pkg.`));
    try {
      await unpackArchive(a.archive, dir, parseDuration(runConfig(ctx, 'PKG_UNPACK_TIMEOUT')) * 1000);
      const entry = resolve(dir, a.entryPoint);
      if (!entry.startsWith(resolve(dir) + sep) || !existsSync(entry)) {
        throw new JobFailedError(
          'PKG_NO_ENTRY_POINT',
          `Entry point ${a.entryPoint} not found in ${basename(a.archive)}`,
          { exit_status: 1 },
        );
      }
      const run = { file: entry, name: basename(a.archive), args: a.args, cwd: dir, env: a.env } as const;
      return await runExecutable(ctx, { ...run, timeoutKey: 'PKG_TIMEOUT' }, done);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function commandParameter(p: Record<string, unknown>): string {
  if (p.command !== undefined && p.main !== undefined)
    throw new BadParametersError('pkg', 'Only one of "command" or "main" (deprecated) allowed');
  const command = p.command ?? p.main;
  if (typeof command !== 'string' || !command.trim()) throw new BadParametersError('pkg', 'No command');
  return command;
}

function payloadList(payload: unknown): string[] {
  if (typeof payload === 'string' && payload.trim()) return [payload.trim()];
  if (Array.isArray(payload) && payload.length && payload.every((p) => typeof p === 'string' && p.trim()))
    return payload as string[];
  throw new JobFailedError('BAD_PAYLOAD', 'pkg payload must be an S3 location or a list of them');
}
