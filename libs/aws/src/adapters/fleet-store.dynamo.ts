import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { FleetRecord, FleetStore } from '@lava/core';
import { StateTableStore } from '../repositories/table-repository';

/** Fleet records and child links live in the realm's state table under reserved `lava.` prefixes. */
const RECORD = 'lava.fleet/';
const LINK = 'lava.fleet-child/';
const KEEP_SECONDS = 14 * 86_400;

/**
 * Fleet-mode foreach and dag records in DynamoDB: one item per parent run (the record as JSON,
 * with its `version` beside it for conditions) and one link item per child run naming its
 * parent, so a child's terminal event finds its fleet. Users cannot collide with these items:
 * state ids starting with `lava` are refused for them.
 */
export class DynamoFleetStore extends StateTableStore implements FleetStore {
  async get(parentRunId: string): Promise<FleetRecord | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { state_id: RECORD + parentRunId },
        ConsistentRead: true,
      }),
    );
    return typeof out.Item?.fleet === 'string' ? (JSON.parse(out.Item.fleet) as FleetRecord) : undefined;
  }

  /** The parent run of `childRunId`, when it is a fleet child. */
  async parentOf(childRunId: string): Promise<string | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { state_id: LINK + childRunId },
        ConsistentRead: true,
      }),
    );
    return typeof out.Item?.parent_run_id === 'string' ? out.Item.parent_run_id : undefined;
  }

  /**
   * Links first, then the record: a child can only end after its dispatch, which follows the
   * record, so its link is always there when its terminal event arrives.
   */
  async create(record: FleetRecord): Promise<FleetRecord> {
    for (const child of record.children) {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { state_id: LINK + child.run_id, parent_run_id: record.parent_run_id, ttl: this.expiry() },
        }),
      );
    }
    // Race: a redelivered first message of the parent, or two copies at once. The first record
    // written wins; the other execution carries on with it.
    if (await this.write(record, 'attribute_not_exists(state_id)', {})) return record;
    return (await this.get(record.parent_run_id))!;
  }

  /**
   * Writes `record` (version + 1) only if the stored version is still `record.version`: two
   * coordinators advancing one fleet at once cannot both dispatch into the same free slot.
   */
  async replace(record: FleetRecord): Promise<FleetRecord | undefined> {
    const next = { ...record, version: record.version + 1 };
    const ok = await this.write(next, 'fleet_version = :v', { ':v': record.version });
    return ok ? next : undefined;
  }

  private async write(
    record: FleetRecord,
    condition: string,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            state_id: RECORD + record.parent_run_id,
            fleet: JSON.stringify(record),
            fleet_version: record.version,
            ttl: this.expiry(),
          },
          ConditionExpression: condition,
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      return false;
    }
  }

  private expiry(): number {
    return Math.floor(this.now().getTime() / 1000) + KEEP_SECONDS;
  }
}
