import { realmNames } from './realm-names';
import { realmsTable, realmTables } from './table-definitions';

/** Keys, indexes and TTL of every table, as the original's stacks define them. */
describe('realm table definitions', () => {
  const defs = [realmsTable(realmNames('acme')), ...realmTables(realmNames('acme'))];
  const summary = defs.map(({ input, ttlAttribute }) => ({
    table: input.TableName,
    key: input.KeySchema?.map((k) => `${k.AttributeName}:${k.KeyType}`),
    indexes: [...(input.GlobalSecondaryIndexes ?? []), ...(input.LocalSecondaryIndexes ?? [])].map(
      (i) => `${i.IndexName}(${i.KeySchema?.map((k) => k.AttributeName).join(',')})`,
    ),
    ttl: ttlAttribute,
  }));

  it.each([
    ['lava.realms', ['realm:HASH'], [], undefined],
    ['lava.acme.jobs', ['job_id:HASH'], ['dispatcher-index(dispatcher,job_id)'], undefined],
    ['lava.acme.connections', ['conn_id:HASH'], [], undefined],
    ['lava.acme.events', ['job_id:HASH', 'run_id:RANGE'], ['job_id-tu_event-index(job_id,tu_event)'], 'ttl'],
    ['lava.acme.s3triggers', ['trigger_id:HASH'], ['s3trigger-index(bucket,prefix)'], undefined],
    ['lava.acme.state', ['state_id:HASH'], [], 'ttl'],
    ['lava.acme.rules', ['rule_id:HASH'], [], undefined],
  ])('%s', (table, key, indexes, ttl) => {
    expect(summary.find((s) => s.table === table)).toEqual({ table, key, indexes, ttl });
  });

  it('declares a string attribute for every key and index key, and nothing else', () => {
    for (const { input } of defs) {
      const used = new Set(
        [
          input.KeySchema,
          ...(input.GlobalSecondaryIndexes ?? []).map((i) => i.KeySchema),
          ...(input.LocalSecondaryIndexes ?? []).map((i) => i.KeySchema),
        ]
          .flatMap((k) => k ?? [])
          .map((k) => k.AttributeName),
      );
      expect(input.AttributeDefinitions?.map((a) => a.AttributeName).sort()).toEqual([...used].sort());
      expect(input.AttributeDefinitions?.every((a) => a.AttributeType === 'S')).toBe(true);
    }
  });
});
