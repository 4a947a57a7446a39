import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalWriteError } from '../errors';
import { REALMS_TABLE } from '@lava/core';
import { TableRepository, type Item } from './table-repository';

/** A `lava.realms` item: required fields plus anything tolerated. */
export interface RealmItem extends Item {
  realm: string;
  s3_payloads: string;
  s3_temp: string;
  s3_key?: string;
  config?: Record<string, unknown>;
}

/** The account-wide `lava.realms` table. */
export class RealmsRepository extends TableRepository<RealmItem> {
  constructor(db: DynamoDBDocumentClient, tableName = REALMS_TABLE) {
    super(db, tableName, 'realm');
  }

  /**
   * Insert the record unless the realm already has one; returns false when it existed.
   * Operators edit realm records by hand, so re-running `realm create` must never clobber one.
   */
  async createIfAbsent(item: RealmItem): Promise<boolean> {
    try {
      await this.run(
        () =>
          this.db.send(
            new PutCommand({
              TableName: this.tableName,
              Item: item,
              ConditionExpression: 'attribute_not_exists(#k)',
              ExpressionAttributeNames: { '#k': 'realm' },
            }),
          ),
        'realm record already exists',
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalWriteError) return false;
      throw err;
    }
  }
}
