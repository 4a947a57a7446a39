import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { realmNames } from '../realm/realm-names';
import { TABLE_INDEXES } from '@lava/core';
import { TableRepository, type Item } from './table-repository';

/** A `lava.<realm>.s3triggers` item. */
export interface TriggerItem extends Item {
  trigger_id: string;
  bucket: string;
  /** Key prefix without trailing `/`; `*` is the bucket root. */
  prefix: string;
  job_id: string | string[];
  enabled: boolean;
}

/** S3 triggers of one realm. */
export class TriggersRepository extends TableRepository<TriggerItem> {
  constructor(db: DynamoDBDocumentClient, realm: string) {
    super(db, realmNames(realm).tables.s3triggers, 'trigger_id');
  }

  /** All triggers on exactly (bucket, prefix), via `s3trigger-index`; several may share one. */
  async listByLocation(bucket: string, prefix: string): Promise<TriggerItem[]> {
    return this.queryAll({
      IndexName: TABLE_INDEXES.s3triggersByBucketPrefix,
      KeyConditionExpression: '#b = :b AND #p = :p',
      ExpressionAttributeNames: { '#b': 'bucket', '#p': 'prefix' },
      ExpressionAttributeValues: { ':b': bucket, ':p': prefix },
    });
  }
}
