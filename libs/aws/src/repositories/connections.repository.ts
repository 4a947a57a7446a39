import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { realmNames } from '../realm/realm-names';
import { TableRepository, type Item } from './table-repository';

/**
 * A `lava.<realm>.connections` item. Secret-bearing fields (`password`, `secret_id`) hold SSM
 * parameter names or Secrets Manager ids, never the secret itself.
 */
export interface ConnectionItem extends Item {
  conn_id: string;
  type: string;
  enabled?: boolean;
}

/** Connections of one realm. */
export class ConnectionsRepository extends TableRepository<ConnectionItem> {
  constructor(db: DynamoDBDocumentClient, realm: string) {
    super(db, realmNames(realm).tables.connections, 'conn_id');
  }
}
