import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { realmNames } from '../realm/realm-names';
import { TableRepository, type Item } from './table-repository';

/** A `lava.<realm>.rules` item: an EventBridge rule trigger as stored (validation is `@lava/core`'s). */
export interface EventRuleItem extends Item {
  rule_id: string;
  event_pattern: Record<string, unknown>;
  job_id: string;
  enabled: boolean | string;
}

/** EventBridge rule triggers of one realm. */
export class EventRulesRepository extends TableRepository<EventRuleItem> {
  constructor(db: DynamoDBDocumentClient, realm: string) {
    super(db, realmNames(realm).tables.rules, 'rule_id');
  }
}
