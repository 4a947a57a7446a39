import { Readable } from 'node:stream';
import type { EcsTaskRunner, HandlerContext } from '@lava/core';

/** One container's log copied to the run's outputs. */
export interface CopiedLog {
  container: string;
  /** `s3://` URI of `<container>.log`. */
  log: string;
}

/**
 * Copies each container's awslogs output to the run's outputs as `<container>.log` (one line per
 * event; containers that logged nothing get no object). A copy that fails is logged, not fatal:
 * the task's own result stands.
 */
export async function copyTaskLogs(
  ctx: HandlerContext,
  runner: EcsTaskRunner,
  cluster: string,
  taskArn: string,
): Promise<CopiedLog[]> {
  const copied: CopiedLog[] = [];
  try {
    for (const log of await runner.logs(cluster, taskArn)) {
      const body = await nonEmpty(log.lines);
      if (body)
        copied.push({ container: log.container, log: await ctx.outputs.put(`${log.container}.log`, body) });
    }
  } catch (error) {
    ctx.logger.warn('ecs: task logs not copied to the outputs', {
      task_arn: taskArn,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  return copied;
}

/** The lines as a stream of text, or undefined when there are none. */
async function nonEmpty(lines: AsyncIterable<string>): Promise<Readable | undefined> {
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return undefined;
  async function* text(): AsyncIterable<string> {
    yield `${first.value as string}\n`;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield `${next.value}\n`;
  }
  return Readable.from(text());
}
