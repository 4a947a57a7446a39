import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalWriteError } from '../errors';
import { realmNames } from '../realm/realm-names';
import { DynamoTable, type Item } from './table-repository';

/** One status event of a run, as the audit logger receives it. */
export interface RunStatusEvent {
  /** Unique id of the event (the EventBridge event id): makes redelivery harmless. */
  event_id: string;
  job_id: string;
  run_id: string;
  status: string;
  /** ISO-8601 with offset. */
  ts_event: string;
  /** Naive UTC ISO, whole seconds: orders events and sorts the time index. */
  tu_event: string;
  info: unknown;
  /** Other top-level attributes to set (`ts_dispatch`, `worker`, `hostname`, `ttl`...). */
  attributes?: Record<string, unknown>;
}

/** What happened to an event. */
export type RecordOutcome = 'recorded' | 'late' | 'duplicate';

/**
 * Appends run status events to `lava.<realm>.events` the way the original worker did
 * (`SET` top-level fields, `list_append` to `log`), made safe for at-least-once delivery:
 * an event id already applied is skipped, and an event older than the latest only joins
 * the log without overwriting the newer top-level status.
 */
export class RunHistoryWriter extends DynamoTable<Item> {
  constructor(db: DynamoDBDocumentClient, realm: string) {
    super(db, realmNames(realm).tables.events);
  }

  /** Record one event; never appends the same `event_id` twice. */
  async recordStatus(event: RunStatusEvent): Promise<RecordOutcome> {
    if (await this.tryUpdate(event, true)) return 'recorded';
    return (await this.tryUpdate(event, false)) ? 'late' : 'duplicate';
  }

  private async tryUpdate(e: RunStatusEvent, latest: boolean): Promise<boolean> {
    const top: Record<string, unknown> = latest ? { ...e.attributes, status: e.status, ts_event: e.ts_event, tu_event: e.tu_event } : {};
    const names: Record<string, string> = { '#log': 'log', '#ids': 'event_ids' };
    const values: Record<string, unknown> = {
      ':entry': [{ status: e.status, ts_event: e.ts_event, tu_event: e.tu_event, info: e.info ?? null }],
      ':empty': [],
      ':id': e.event_id,
      ':ids': new Set([e.event_id]),
    };
    const sets = Object.entries(top).map(([k, v], i) => ((names[`#a${i}`] = k), (values[`:a${i}`] = v), `#a${i} = :a${i}`));
    // Race: redelivery of the same event (audit queue is at-least-once) must not append twice.
    let condition = '(attribute_not_exists(#ids) OR NOT contains(#ids, :id))';
    if (latest) {
      // Race: a late, older event must not overwrite the status of a newer one.
      names['#tu'] = 'tu_event';
      values[':tu'] = e.tu_event;
      condition += ' AND (attribute_not_exists(#tu) OR #tu <= :tu)';
    }
    try {
      await this.run(
        () =>
          this.db.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { job_id: e.job_id, run_id: e.run_id },
              UpdateExpression: `SET ${[...sets, '#log = list_append(if_not_exists(#log, :empty), :entry)'].join(', ')} ADD #ids :ids`,
              ConditionExpression: condition,
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            }),
          ),
        latest ? 'event already applied or newer status recorded' : 'event already applied',
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalWriteError) return false;
      throw err;
    }
  }
}
