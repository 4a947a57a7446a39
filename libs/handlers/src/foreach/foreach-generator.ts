import { createReadStream } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Readable } from 'node:stream';
import { isReservedForeachName, JobFailedError, type HandlerContext } from '@lava/core';

/** One set of values a foreach iteration adds to its child's globals. */
export type ForeachValues = Record<string, unknown>;

/** A foreach value generator (`foreach.type`); its fields are checked before it is called. */
export interface ForeachGenerator {
  readonly type: string;
  /** The value sets, lazily: the handler stops pulling one past its limit. */
  values(spec: Record<string, unknown>, ctx: HandlerContext): AsyncIterable<ForeachValues>;
}

/** Fails when a produced name is reserved (`lava…`): children would shadow `globals.lava`. */
export function assertFieldNames(names: Iterable<string>): void {
  for (const name of names) {
    if (isReservedForeachName(name))
      throw new JobFailedError('FOREACH_RESERVED_NAME', 'foreach field names may not start with "lava"');
  }
}

/** A local file (relative paths are in the run directory) or an `s3://` object, as a stream. */
export async function openSource(ctx: HandlerContext, filename: string): Promise<Readable> {
  if (filename.startsWith('s3://')) {
    if (!ctx.objects)
      throw new JobFailedError('FOREACH_NO_OBJECT_SOURCE', `${filename}: this worker cannot read S3 objects`);
    if (!(await ctx.objects.head(filename)))
      throw new JobFailedError('FOREACH_FILE_NOT_FOUND', `${filename}: no such object`);
    return ctx.objects.get(filename);
  }
  const path = isAbsolute(filename) ? filename : join(ctx.runDir, filename);
  const stream = createReadStream(path);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err) =>
      reject(
        new JobFailedError(
          'FOREACH_FILE_NOT_FOUND',
          `${filename}: ${(err as NodeJS.ErrnoException).code ?? err.message}`,
        ),
      ),
    );
  });
  return stream;
}
