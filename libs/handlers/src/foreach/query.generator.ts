import type { ConnectorRegistry } from '@lava/connectors';
import { defaultRegistry, failureFrom, openSession } from '../sql/db-session';
import type { ForeachGenerator } from './foreach-generator';
import { assertFieldNames } from './foreach-generator';

/** `query`: one map per row of `query` on `conn_id`, keyed by column; never rendered (injection guard). */
export function queryGenerator(registry: ConnectorRegistry = defaultRegistry()): ForeachGenerator {
  return {
    type: 'query',
    async *values(spec, ctx) {
      const { session, resolved } = await openSession(ctx, String(spec.conn_id), registry);
      try {
        const rows = await session.stream(String(spec.query), { signal: ctx.signal });
        const columns = [...(rows.columns ?? [])];
        assertFieldNames(columns);
        for await (const row of rows) yield Object.fromEntries(columns.map((c, i) => [c, row[i]]));
      } catch (err) {
        throw failureFrom(err, resolved, { exit_status: 1 }, `foreach query on ${String(spec.conn_id)}: `);
      } finally {
        await session.close();
      }
    },
  };
}
