import { readCsv } from '@lava/connectors';
import type { ForeachGenerator } from './foreach-generator';
import { assertFieldNames, openSource } from './foreach-generator';

/** `csv`: one map per data row, keyed by the header row; every value a string. */
export const csvGenerator: ForeachGenerator = {
  type: 'csv',
  async *values(spec, ctx) {
    let header: string[] | undefined;
    for await (const row of readCsv(await openSource(ctx, String(spec.filename)))) {
      if (!header) {
        header = row.map((f) => f ?? '');
        assertFieldNames(header);
        continue;
      }
      yield Object.fromEntries(header.map((h, i) => [h, row[i] ?? '']));
    }
  },
};
