import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { realmNames } from '../realm/realm-names';
import { TABLE_INDEXES, type EventLogEntry } from '@lava/core';
import { DynamoTable, type Item } from './table-repository';

/** A `lava.<realm>.events` item: the history of one run. */
export interface RunEventItem extends Item {
  job_id: string;
  run_id: string;
  status: string;
  ts_dispatch?: string;
  ts_event?: string;
  /** Naive UTC ISO, sort key of the time index. */
  tu_event?: string;
  ttl?: number;
  log?: EventLogEntry[];
}

/** The audit logger's bookkeeping attributes (dedupe ids, ordering marks, write counter). */
const RUN_ITEM_INTERNAL_FIELDS: readonly string[] = ['event_ids', 'ms_event', 'ms_first', 'rev'];

/** The item without the audit logger's bookkeeping: what the CLI and the HTTP API show. */
export function publicRunItem(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !RUN_ITEM_INTERNAL_FIELDS.includes(k)));
}

/** Filters for `recent`. */
export interface RecentEventsQuery {
  /** Only runs whose latest status is one of these. */
  statuses?: string[];
  /** Only runs with `tu_event` at or after this naive-UTC ISO string. */
  since?: string;
  limit?: number;
}

/** Read side of the run history (the audit logger owns writes). */
export class EventsRepository extends DynamoTable<RunEventItem> {
  constructor(db: DynamoDBDocumentClient, realm: string) {
    super(db, realmNames(realm).tables.events);
  }

  /** One run, or `undefined`. */
  async getRun(jobId: string, runId: string): Promise<RunEventItem | undefined> {
    const out = await this.run(() =>
      this.db.send(new GetCommand({ TableName: this.tableName, Key: { job_id: jobId, run_id: runId } })),
    );
    return out.Item as RunEventItem | undefined;
  }

  /** Runs of a job, newest event first (via the `job_id-tu_event-index` LSI). */
  async listRuns(jobId: string, limit = 50): Promise<RunEventItem[]> {
    return this.queryAll(
      {
        IndexName: TABLE_INDEXES.eventsByTime,
        KeyConditionExpression: '#j = :j',
        ExpressionAttributeNames: { '#j': 'job_id' },
        ExpressionAttributeValues: { ':j': jobId },
        ScanIndexForward: false,
        Limit: limit,
      },
      limit,
    );
  }

  /**
   * Runs of a job whose latest event (`tu_event`, naive UTC) lies in `[from, to]`, oldest first,
   * optionally only those whose status is `status` (the time index: no scan).
   */
  async runsBetween(jobId: string, from: string, to: string, status?: string): Promise<RunEventItem[]> {
    return this.queryAll({
      IndexName: TABLE_INDEXES.eventsByTime,
      KeyConditionExpression: '#j = :j AND #t BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#j': 'job_id', '#t': 'tu_event', ...(status ? { '#s': 'status' } : {}) },
      ExpressionAttributeValues: {
        ':j': jobId,
        ':from': from,
        ':to': to,
        ...(status ? { ':s': status } : {}),
      },
      ...(status ? { FilterExpression: '#s = :s' } : {}),
    });
  }

  /** Recent runs across jobs, newest first. A scan: meant for operators, not hot paths. */
  async recent(query: RecentEventsQuery = {}): Promise<RunEventItem[]> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const filters: string[] = [];
    if (query.statuses?.length) {
      names['#s'] = 'status';
      const keys = query.statuses.map((s, i) => ((values[`:s${i}`] = s), `:s${i}`));
      filters.push(`#s IN (${keys.join(', ')})`);
    }
    if (query.since) {
      names['#t'] = 'tu_event';
      values[':since'] = query.since;
      filters.push('#t >= :since');
    }
    const items = await this.scanAll(
      filters.length
        ? {
            FilterExpression: filters.join(' AND '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }
        : {},
    );
    items.sort((a, b) => String(b.tu_event ?? '').localeCompare(String(a.tu_event ?? '')));
    return items.slice(0, query.limit ?? 100);
  }
}
