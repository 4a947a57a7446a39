import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { JOB_UPDATED_AT } from '@lava/core';
import { realmNames } from '../realm/realm-names';
import { TABLE_INDEXES } from '@lava/core';
import { TableRepository, type Item } from './table-repository';

/** Stamped on every put (defined with the other realm names in `@lava/core`). */
export { JOB_UPDATED_AT };

/** A `lava.<realm>.jobs` item as stored (validation is `@lava/core`'s job). */
export interface JobItem extends Item {
  job_id: string;
  type: string;
  worker: string;
  payload: unknown;
  dispatcher?: string;
  schedule?: unknown;
  enabled?: boolean | string;
}

/** Jobs of one realm. */
export class JobsRepository extends TableRepository<JobItem> {
  constructor(
    db: DynamoDBDocumentClient,
    realm: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    super(db, realmNames(realm).tables.jobs, 'job_id');
  }

  /** Replace the job, stamping `x-lava-updated-at`. */
  override async put(job: JobItem): Promise<void> {
    await super.put({ ...job, [JOB_UPDATED_AT]: this.now().toISOString() });
  }

  /** Jobs scheduled by `dispatcher`, via the sparse `dispatcher-index` GSI, ordered by job_id. */
  async listByDispatcher(dispatcher: string): Promise<JobItem[]> {
    return this.queryAll({
      IndexName: TABLE_INDEXES.jobsByDispatcher,
      KeyConditionExpression: '#d = :d',
      ExpressionAttributeNames: { '#d': 'dispatcher' },
      ExpressionAttributeValues: { ':d': dispatcher },
    });
  }

  /**
   * Jobs put after `since` (exclusive). Deletions are not visible here: reconcile them with a
   * periodic full `listByDispatcher`.
   */
  async changedSince(since: Date): Promise<JobItem[]> {
    return this.scanAll({
      FilterExpression: '#u > :since',
      ExpressionAttributeNames: { '#u': JOB_UPDATED_AT },
      ExpressionAttributeValues: { ':since': since.toISOString() },
    });
  }
}
