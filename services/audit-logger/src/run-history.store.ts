import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalWriteBatcher, realmNames } from '@lava/aws';
import { isRunStatus } from '@lava/core';
import type { AuditEntry } from './audit-entry';
import {
  appendFields,
  isPrependable,
  mergeIntoItem,
  pendingEntries,
  statusesReplaceableBy,
  toLogEntry,
  type RunItemFields,
  type RunItemState,
} from './run-item';

/** How a group of entries was written. */
export type WriteOutcome = 'appended' | 'prepended' | 'merged' | 'duplicate';

/** Attempts of the read-merge-write path before giving up (the message is then redelivered). */
const MERGE_ATTEMPTS = 5;

/**
 * Writes a run's entries to `lava.<realm>.events` with one UpdateItem in the common case: the
 * entries are newer than everything stored and not yet applied, so they are appended (the
 * condition checks both, atomically). Otherwise (a late or duplicated event) the item is read,
 * merged in time order and written back under an optimistic `rev` check. The writes of
 * concurrent runs share requests through a {@link ConditionalWriteBatcher}.
 */
export class RunHistoryStore {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    realm: string,
    private readonly ttlSeconds: number,
    private readonly writes = new ConditionalWriteBatcher(db, { returnOldItem: false }),
  ) {
    this.table = realmNames(realm).tables.events;
  }

  /** The run's current top-level status (undefined when it has no item). */
  async status(jobId: string, runId: string): Promise<string | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { job_id: jobId, run_id: runId },
        ConsistentRead: true,
        ProjectionExpression: '#s',
        ExpressionAttributeNames: { '#s': 'status' },
      }),
    );
    const status = out.Item?.['status'];
    return typeof status === 'string' ? status : undefined;
  }

  /** Applies entries of one run (same job_id and run_id). */
  async apply(entries: AuditEntry[]): Promise<WriteOutcome> {
    const fresh = pendingEntries(entries);
    if (!fresh.length) return 'duplicate';
    if (await this.fastPath(() => this.tryAppend(fresh))) return 'appended';
    if (isPrependable(fresh) && (await this.fastPath(() => this.tryPrepend(fresh)))) return 'prepended';
    for (let attempt = 1; attempt <= MERGE_ATTEMPTS; attempt++) {
      const outcome = await this.tryMerge(fresh);
      if (outcome) return outcome;
    }
    throw new Error(
      `events item ${fresh[0]!.job_id}/${fresh[0]!.run_id}: lost ${MERGE_ATTEMPTS} merge races in a row`,
    );
  }

  /**
   * An append or prepend; false sends the entries down the merge path. Items written by earlier
   * versions keep `event_ids` as a string set, which `list_append` refuses (ValidationException):
   * the merge rewrites it as a list.
   */
  private async fastPath(write: () => Promise<boolean>): Promise<boolean> {
    try {
      return await write();
    } catch (err) {
      if (err instanceof DynamoDBServiceException && err.name === 'ValidationException') return false;
      throw err;
    }
  }

  private async tryAppend(entries: AuditEntry[]): Promise<boolean> {
    const first = entries[0]!;
    const fields = appendFields(entries, this.ttlSeconds);
    const w = new ExpressionBuilder();
    const sets = [
      `${w.name('log')} = list_append(if_not_exists(${w.name('log')}, ${w.value([])}), ${w.value(entries.map(toLogEntry))})`,
      `${w.name('ms_first')} = if_not_exists(${w.name('ms_first')}, ${w.value(first.ms)})`,
      ...fieldSets(w, fields),
    ];
    const conditions = [notApplied(w, entries)];
    // Race: an event older than one already stored must be merged in order, not appended.
    conditions.push(
      `(attribute_not_exists(${w.name('ms_event')}) OR ${w.name('ms_event')} <= ${w.value(first.ms)})`,
    );
    const firstRun = entries.find((e) => e.runStatus);
    if (firstRun && isRunStatus(firstRun.status)) {
      // Race: a late `running` must never overwrite `complete` (statuses rank).
      const allowed = statusesReplaceableBy(firstRun.status).map((s) => w.value(s));
      conditions.push(
        `(attribute_not_exists(${w.name('status')}) OR ${w.name('status')} IN (${allowed.join(', ')}))`,
      );
    }
    sets.push(appendEventIds(w, entries));
    return this.update(
      entries[0]!,
      `SET ${sets.join(', ')} ADD ${w.name('rev')} ${w.value(1)}`,
      conditions.join(' AND '),
      w,
    );
  }

  /** A late `dispatched` older than everything stored goes in front; the status stays. */
  private async tryPrepend(entries: AuditEntry[]): Promise<boolean> {
    const w = new ExpressionBuilder();
    const attrs = Object.assign({}, ...entries.map((e) => e.attributes)) as Record<string, string>;
    const sets = [
      `${w.name('log')} = list_append(${w.value(entries.map(toLogEntry))}, ${w.name('log')})`,
      `${w.name('ms_first')} = ${w.value(entries[0]!.ms)}`,
      ...Object.entries(attrs).map(([k, v]) => `${w.name(k)} = ${w.value(v)}`),
    ];
    // Race: only in front of an item whose first entry is later (else merge in order), and
    // which already has a status (else `dispatched` would have to become it).
    const conditions = [
      notApplied(w, entries),
      `${w.name('ms_first')} >= ${w.value(entries[entries.length - 1]!.ms)}`,
      `attribute_exists(${w.name('status')})`,
    ];
    sets.push(appendEventIds(w, entries));
    return this.update(
      entries[0]!,
      `SET ${sets.join(', ')} ADD ${w.name('rev')} ${w.value(1)}`,
      conditions.join(' AND '),
      w,
    );
  }

  private async tryMerge(entries: AuditEntry[]): Promise<WriteOutcome | undefined> {
    const key = { job_id: entries[0]!.job_id, run_id: entries[0]!.run_id };
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    const item = (out.Item ?? {}) as RunItemState;
    const applied = [...(item.event_ids ?? [])];
    const fresh = pendingEntries(entries, new Set(applied));
    if (!fresh.length) return 'duplicate';
    const { log, fields } = mergeIntoItem(item, fresh, this.ttlSeconds);
    const w = new ExpressionBuilder();
    const ids = [...applied, ...fresh.map((e) => e.event_id)];
    const sets = [
      `${w.name('log')} = ${w.value(log)}`,
      `${w.name('event_ids')} = ${w.value(ids)}`,
      ...fieldSets(w, fields),
    ];
    // Race: another writer changed the item since we read it; re-read and merge again.
    const condition =
      item.rev === undefined
        ? `attribute_not_exists(${w.name('rev')})`
        : `${w.name('rev')} = ${w.value(item.rev)}`;
    const ok = await this.update(
      fresh[0]!,
      `SET ${sets.join(', ')} ADD ${w.name('rev')} ${w.value(1)}`,
      condition,
      w,
    );
    return ok ? 'merged' : undefined;
  }

  private async update(
    e: AuditEntry,
    expression: string,
    condition: string,
    w: ExpressionBuilder,
  ): Promise<boolean> {
    const out = await this.writes.write({
      Update: {
        TableName: this.table,
        Key: { job_id: e.job_id, run_id: e.run_id },
        UpdateExpression: expression,
        ConditionExpression: condition,
        ExpressionAttributeNames: w.names,
        ExpressionAttributeValues: w.values,
      },
    });
    return out.written;
  }
}

/** Race: a redelivered event (the audit queue is at-least-once) must not be applied twice. */
function notApplied(w: ExpressionBuilder, entries: AuditEntry[]): string {
  const ids = entries.map((e) => `NOT contains(${w.name('event_ids')}, ${w.value(e.event_id)})`);
  return `(attribute_not_exists(${w.name('event_ids')}) OR (${ids.join(' AND ')}))`;
}

/** `event_ids` as a list the original's readers can serialise (a string set breaks `lava-events`). */
function appendEventIds(w: ExpressionBuilder, entries: AuditEntry[]): string {
  const ids = w.value(entries.map((e) => e.event_id));
  return `${w.name('event_ids')} = list_append(if_not_exists(${w.name('event_ids')}, ${w.value([])}), ${ids})`;
}

function fieldSets(w: ExpressionBuilder, f: RunItemFields): string[] {
  const top: Record<string, unknown> = { ...f.attributes, ms_event: f.ms_event };
  for (const k of ['status', 'ts_event', 'tu_event', 'ttl', 'ms_first'] as const)
    if (f[k] !== undefined) top[k] = f[k];
  return Object.entries(top).map(([k, v]) => `${w.name(k)} = ${w.value(v)}`);
}

/** Placeholder names and values of one expression. */
class ExpressionBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private n = 0;

  name(attr: string): string {
    const key = `#${attr.replace(/[^A-Za-z0-9_]/g, '_')}`;
    this.names[key] = attr;
    return key;
  }

  value(v: unknown): string {
    const key = `:v${this.n++}`;
    this.values[key] = v;
    return key;
  }
}
