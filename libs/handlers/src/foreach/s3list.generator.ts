import { JobFailedError, globMatch } from '@lava/core';
import type { ForeachGenerator } from './foreach-generator';

/** `s3list`: `{s3obj: {...}}` for each object under `prefix` whose key matches a `glob` (all without one). */
export const s3listGenerator: ForeachGenerator = {
  type: 's3list',
  async *values(spec, ctx) {
    if (!ctx.objects?.list)
      throw new JobFailedError('FOREACH_NO_OBJECT_SOURCE', 'this worker cannot list S3 objects');
    const globs =
      spec.glob === undefined || spec.glob === null
        ? []
        : Array.isArray(spec.glob)
          ? spec.glob.map(String)
          : [String(spec.glob)];
    for await (const obj of ctx.objects.list(String(spec.bucket), String(spec.prefix ?? ''))) {
      if (!globs.length || globs.some((g) => globMatch(g, obj.Key))) yield { s3obj: obj };
    }
  },
};
