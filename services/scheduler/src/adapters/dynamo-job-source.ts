import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  QueryCommand,
  ScanCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { DynamoTable, JobsChangeMarker, realmNames } from '@lava/aws';
import { DISPATCHER_INDEX_FIELDS, JOB_UPDATED_AT, TABLE_INDEXES } from '@lava/core';
import type { ItemPages, ScheduledJobSource, SchedulableItem } from '../engine/ports';

/** Only what scheduling reads: payloads, parameters and actions never reach the scheduler's heap. */
const FIELDS = ['job_id', 'dispatcher', ...DISPATCHER_INDEX_FIELDS.filter((f) => f !== 'worker')];
const NAMES = Object.fromEntries(FIELDS.map((f, i) => [`#f${i}`, f]));
const PROJECTION = FIELDS.map((_, i) => `#f${i}`).join(', ');
/** What every `dispatcher-index` projects, the original's included (keys, `worker`, `schedule`). */
const KEYS_AND_SCHEDULE = {
  ProjectionExpression: '#j, #s',
  ExpressionAttributeNames: { '#j': 'job_id', '#s': 'schedule' },
};
/** BatchGetItem's limit on keys per call. */
const BATCH_GET_MAX = 100;
/**
 * Items evaluated per Query/Scan page. DynamoDB's own cap is 1 MB (some 4,000 job items); a
 * smaller page is a short read on the endpoint, which the engine can fit between two fire bursts.
 */
const PAGE_ITEMS = 1_000;

/**
 * The jobs table as the scheduler reads it: the `dispatcher-index` query and the change scan of
 * `JobsRepository`, with a projection of the scheduling fields (100,000 jobs load in a fraction
 * of the memory and bytes), and a strongly consistent change scan so an edit acknowledged to
 * `lava job put` is seen by the next poll.
 */
export class DynamoJobSource extends DynamoTable<SchedulableItem> implements ScheduledJobSource {
  private readonly marker: JobsChangeMarker;
  private projectsFields: Promise<boolean> | undefined;

  constructor(db: DynamoDBDocumentClient, realm: string) {
    super(db, realmNames(realm).tables.jobs);
    this.marker = new JobsChangeMarker(db, realm);
  }

  changeVersion(): Promise<number> {
    return this.marker.version();
  }

  async *listByDispatcher(dispatcher: string): ItemPages {
    if (await this.indexProjectsFields()) {
      yield* this.queryIndex(dispatcher, {
        ProjectionExpression: PROJECTION,
        ExpressionAttributeNames: NAMES,
      });
      return;
    }
    // An index that projects only the original's `worker` and `schedule` (a realm created by the
    // original's templates): the scheduling fields come from the table itself, page by page.
    for await (const keys of this.queryIndex(dispatcher, KEYS_AND_SCHEDULE))
      yield await this.getFields(keys.filter((k) => k.schedule !== undefined).map((k) => k.job_id));
  }

  private queryIndex(
    dispatcher: string,
    projection: { ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> },
  ): ItemPages {
    return this.pages((start) =>
      this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          ExclusiveStartKey: start,
          Limit: PAGE_ITEMS,
          IndexName: TABLE_INDEXES.jobsByDispatcher,
          KeyConditionExpression: '#d = :d',
          ProjectionExpression: projection.ProjectionExpression,
          ExpressionAttributeNames: { ...projection.ExpressionAttributeNames, '#d': 'dispatcher' },
          ExpressionAttributeValues: { ':d': dispatcher },
        }),
      ),
    );
  }

  /**
   * Whether `dispatcher-index` carries every field the scheduler reads (ALL, or INCLUDE of all of
   * them, as this project provisions it). Asked once; a GSI query returns only projected fields.
   */
  private indexProjectsFields(): Promise<boolean> {
    this.projectsFields ??= this.db
      .send(new DescribeTableCommand({ TableName: this.tableName }))
      .then((out) => {
        const projection = out.Table?.GlobalSecondaryIndexes?.find(
          (i) => i.IndexName === TABLE_INDEXES.jobsByDispatcher,
        )?.Projection;
        if (projection?.ProjectionType === 'ALL') return true;
        const included = new Set(projection?.NonKeyAttributes ?? []);
        return DISPATCHER_INDEX_FIELDS.every((f) => included.has(f));
      });
    return this.projectsFields;
  }

  /** The scheduling fields of `jobIds`, read from the table in batches. */
  private getFields(jobIds: string[]): Promise<SchedulableItem[]> {
    return this.run(async () => {
      const items: SchedulableItem[] = [];
      for (let i = 0; i < jobIds.length; i += BATCH_GET_MAX) {
        let keys: Record<string, unknown>[] | undefined = jobIds
          .slice(i, i + BATCH_GET_MAX)
          .map((job_id) => ({ job_id }));
        for (let attempt = 0; keys?.length; attempt++) {
          // Throttled keys come back unprocessed: retry them with a growing pause.
          if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
          const out: BatchGetCommandOutput = await this.db.send(
            new BatchGetCommand({
              RequestItems: {
                [this.tableName]: {
                  Keys: keys,
                  ProjectionExpression: PROJECTION,
                  ExpressionAttributeNames: NAMES,
                },
              },
            }),
          );
          for (const item of out.Responses?.[this.tableName] ?? []) items.push(item as SchedulableItem);
          keys = out.UnprocessedKeys?.[this.tableName]?.Keys;
        }
      }
      return items;
    });
  }

  changedSince(since: Date): ItemPages {
    return this.pages((start) =>
      this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          ProjectionExpression: PROJECTION,
          ExclusiveStartKey: start,
          Limit: PAGE_ITEMS,
          ConsistentRead: true,
          FilterExpression: '#u > :since',
          ExpressionAttributeNames: { ...NAMES, '#u': JOB_UPDATED_AT },
          ExpressionAttributeValues: { ':since': since.toISOString() },
        }),
      ),
    );
  }
}
