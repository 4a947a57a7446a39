import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { realmNames } from '../realm/realm-names';
import type { RunEventItem } from './events.repository';
import { DynamoTable } from './table-repository';

/**
 * Finds runs by run_id alone. The events table is keyed by (job_id, run_id) and has no run_id
 * index, so this is a filtered scan: fine for an operator's `lava run <run_id>` on tables of a
 * few days of history (the TTL keeps them small); a GSI on run_id would make it a lookup.
 * Children of chain/dag jobs share their parent's run_id, so several items may match.
 */
export class RunFinder extends DynamoTable<RunEventItem> {
  constructor(db: DynamoDBDocumentClient, realm: string) {
    super(db, realmNames(realm).tables.events);
  }

  /** Every item with this run_id, oldest first by `tu_event`. */
  async findByRunId(runId: string): Promise<RunEventItem[]> {
    const items = await this.scanAll({
      FilterExpression: '#r = :r',
      ExpressionAttributeNames: { '#r': 'run_id' },
      ExpressionAttributeValues: { ':r': runId },
    });
    return items.sort((a, b) => String(a.tu_event ?? '').localeCompare(String(b.tu_event ?? '')));
  }
}
