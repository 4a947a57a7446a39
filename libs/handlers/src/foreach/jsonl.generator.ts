import { JobFailedError } from '@lava/core';
import { createInterface } from 'node:readline';
import type { ForeachGenerator } from './foreach-generator';
import { assertFieldNames, openSource } from './foreach-generator';

/** `jsonl`: one JSON object per line; a blank or invalid line fails with its number. */
export const jsonlGenerator: ForeachGenerator = {
  type: 'jsonl',
  async *values(spec, ctx) {
    const filename = String(spec.filename);
    let lineNo = 0;
    for await (const line of createInterface({
      input: await openSource(ctx, filename),
      crlfDelay: Infinity,
    })) {
      lineNo++;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (err) {
        throw new JobFailedError(
          'FOREACH_BAD_LINE',
          `${filename}: line ${lineNo}: ${(err as Error).message}`,
        );
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new JobFailedError('FOREACH_BAD_LINE', `${filename}: line ${lineNo}: not a JSON object`);
      }
      assertFieldNames(Object.keys(value));
      yield value as Record<string, unknown>;
    }
  },
};
