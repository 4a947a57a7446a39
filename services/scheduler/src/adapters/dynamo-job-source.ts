import { QueryCommand, ScanCommand, type DynamoDBDocumentClient, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { JOB_UPDATED_AT, JOBS_DISPATCHER_INDEX, JobsChangeMarker, realmNames, translateAwsError } from '@lava/aws';
import type { JobSource, SchedulableItem } from '../engine/ports';

/** Only what scheduling reads: payloads, parameters and actions never reach the scheduler's heap. */
const FIELDS = ['job_id', 'dispatcher', 'schedule', 'enabled', 'timezone', 'catchup', JOB_UPDATED_AT];
const NAMES = Object.fromEntries(FIELDS.map((f, i) => [`#f${i}`, f]));
const PROJECTION = FIELDS.map((_, i) => `#f${i}`).join(', ');

/**
 * The jobs table as the scheduler reads it: the `dispatcher-index` query and the change scan of
 * `JobsRepository`, with a projection of the scheduling fields (100,000 jobs load in a fraction
 * of the memory and bytes), and a strongly consistent change scan so an edit acknowledged to
 * `lava job put` is seen by the next poll.
 */
export class DynamoJobSource implements JobSource {
  private readonly table: string;
  private readonly marker: JobsChangeMarker;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    realm: string,
  ) {
    this.table = realmNames(realm).tables.jobs;
    this.marker = new JobsChangeMarker(db, realm);
  }

  changeVersion(): Promise<number> {
    return this.marker.version();
  }

  listByDispatcher(dispatcher: string): Promise<SchedulableItem[]> {
    return this.pages((start) =>
      this.db.send(
        new QueryCommand({
          ...this.base(start),
          IndexName: JOBS_DISPATCHER_INDEX,
          KeyConditionExpression: '#d = :d',
          ExpressionAttributeNames: { ...NAMES, '#d': 'dispatcher' },
          ExpressionAttributeValues: { ':d': dispatcher },
        }),
      ),
    );
  }

  changedSince(since: Date): Promise<SchedulableItem[]> {
    return this.pages((start) =>
      this.db.send(
        new ScanCommand({
          ...this.base(start),
          ConsistentRead: true,
          FilterExpression: '#u > :since',
          ExpressionAttributeNames: { ...NAMES, '#u': JOB_UPDATED_AT },
          ExpressionAttributeValues: { ':since': since.toISOString() },
        }),
      ),
    );
  }

  private base(start: Record<string, unknown> | undefined): Pick<QueryCommandInput & ScanCommandInput, 'TableName' | 'ProjectionExpression' | 'ExclusiveStartKey'> {
    return { TableName: this.table, ProjectionExpression: PROJECTION, ExclusiveStartKey: start };
  }

  private async pages(page: (start: Record<string, unknown> | undefined) => Promise<{ Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> }>): Promise<SchedulableItem[]> {
    const items: SchedulableItem[] = [];
    let start: Record<string, unknown> | undefined;
    try {
      do {
        const out = await page(start);
        for (const item of out.Items ?? []) items.push(item as SchedulableItem);
        start = out.LastEvaluatedKey;
      } while (start);
    } catch (err) {
      throw translateAwsError(err, this.table);
    }
    return items;
  }
}
