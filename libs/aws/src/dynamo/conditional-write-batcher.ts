import { TransactionCanceledException, type CancellationReason } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  type PutCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { LavaAwsError } from '../errors';
import { fromAttributeMap } from './attribute-value';

/** One conditional write, in the document client's shape (plain values). */
export type ConditionalWrite =
  /** `key`: the item's key attributes (two writes of one item never share a transaction). */
  | { Put: Omit<PutCommandInput, 'ReturnValues'>; key: Record<string, unknown> }
  | { Update: Omit<UpdateCommandInput, 'ReturnValues'> }
  | { Delete: Omit<DeleteCommandInput, 'ReturnValues'> };

/** `written`, or the condition failed; `item` is the item as it was, when the API returned it. */
export type ConditionalWriteResult = { written: true } | { written: false; item?: Record<string, unknown> };

export interface ConditionalWriteBatcherOptions {
  /**
   * Writes per TransactWriteItems request (DynamoDB allows 100 actions and 4 MB; these writes
   * are small). Default 25.
   */
  maxBatch?: number;
  /** Times a write is sent again after its batch was cancelled for another write's sake. Default 8. */
  maxAttempts?: number;
  /** Ask for the item as it was when a condition fails (ALL_OLD). Default true. */
  returnOldItem?: boolean;
}

interface Pending {
  write: ConditionalWrite;
  identity: string;
  attempts: number;
  resolve(result: ConditionalWriteResult): void;
  reject(error: unknown): void;
}

/** A write the batcher gave up on (a transaction kept being cancelled by conflicts or throttling). */
export class ConditionalWriteBatchError extends LavaAwsError {
  override readonly name = 'ConditionalWriteBatchError';
  constructor(
    readonly table: string,
    readonly reason: string,
  ) {
    super('CONDITIONAL_WRITE_FAILED', `${table}: write not applied (${reason})`, true);
  }
}

/**
 * Sends a process's independent conditional writes (run claims, lease renewals, history
 * appends of many runs) together: the writes that arrive while a request is in flight go out
 * as one TransactWriteItems when it returns, so a busy process makes one request for many
 * writes and an idle one adds no delay (a lone write is sent as a plain PutItem/UpdateItem/
 * DeleteItem, which also costs half the write capacity of a transactional one).
 *
 * Each write keeps its own outcome. A transaction is all-or-nothing, so when one write's
 * condition fails DynamoDB cancels the others too: the failed one is answered from its
 * cancellation reason (with the old item: ReturnValuesOnConditionCheckFailure ALL_OLD) and the
 * others are sent again. Two writes of one item never share a transaction (DynamoDB refuses
 * it); the later one waits for the next. A request refused as a whole (validation) is retried
 * write by write so each gets its own answer.
 */
export class ConditionalWriteBatcher {
  private readonly queue: Pending[] = [];
  private flushing = false;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxAttempts: number;
  private readonly onFailure: 'ALL_OLD' | 'NONE';

  constructor(
    private readonly db: DynamoDBDocumentClient,
    options: ConditionalWriteBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 25;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.onFailure = options.returnOldItem === false ? 'NONE' : 'ALL_OLD';
  }

  /** Applies `write` (alone or in a batch); rejects only for errors other than its condition. */
  write(write: ConditionalWrite): Promise<ConditionalWriteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, identity: identityOf(write), attempts: 0, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.flushing || this.scheduled || !this.queue.length) return;
    this.scheduled = true;
    // One macrotask turn: writes issued together (a receive batch's claims) share the request.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      const batch = this.take();
      if (batch.length === 1) await this.sendOne(batch[0]!);
      else await this.sendBatch(batch);
    } finally {
      this.flushing = false;
      this.schedule();
    }
  }

  /** Up to maxBatch writes from the front, at most one per item. */
  private take(): Pending[] {
    const batch: Pending[] = [];
    const items = new Set<string>();
    for (let i = 0; i < this.queue.length && batch.length < this.maxBatch;) {
      const p = this.queue[i]!;
      if (items.has(p.identity)) {
        i++;
        continue;
      }
      items.add(p.identity);
      batch.push(p);
      this.queue.splice(i, 1);
    }
    return batch;
  }

  private async sendOne(p: Pending): Promise<void> {
    try {
      await sendSingle(this.db, p.write, this.onFailure);
      p.resolve({ written: true });
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'ConditionalCheckFailedException') {
        const item = (err as { Item?: Record<string, unknown> }).Item;
        p.resolve({ written: false, ...(item ? { item: fromAttributeMap(item) } : {}) });
      } else if (name === 'TransactionConflictException') this.again(p, 'conflicting transaction');
      else p.reject(err);
    }
  }

  private async sendBatch(batch: Pending[]): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({ TransactItems: batch.map((p) => withOldItem(p.write, this.onFailure)) }),
      );
      batch.forEach((p) => p.resolve({ written: true }));
    } catch (err) {
      if (err instanceof TransactionCanceledException && err.CancellationReasons?.length === batch.length)
        return this.settle(batch, err.CancellationReasons);
      if ((err as Error).name === 'ValidationException') {
        for (const p of batch) await this.sendOne(p);
        return;
      }
      batch.forEach((p) => p.reject(err));
    }
  }

  private settle(batch: Pending[], reasons: CancellationReason[]): void {
    batch.forEach((p, i) => {
      const reason = reasons[i]!;
      if (reason.Code === 'ConditionalCheckFailed')
        p.resolve({ written: false, ...(reason.Item ? { item: fromAttributeMap(reason.Item) } : {}) });
      else if (
        ['None', 'TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded'].includes(
          reason.Code ?? '',
        )
      )
        this.again(p, reason.Code ?? 'cancelled');
      else
        p.reject(new ConditionalWriteBatchError(tableOf(p.write), `${reason.Code}: ${reason.Message ?? ''}`));
    });
  }

  /** Back to the front of the queue (it keeps its turn), or given up after maxAttempts. */
  private again(p: Pending, reason: string): void {
    if (++p.attempts >= this.maxAttempts)
      return p.reject(new ConditionalWriteBatchError(tableOf(p.write), `${reason}, ${p.attempts} attempts`));
    this.queue.unshift(p);
  }
}

type OnFailure = 'ALL_OLD' | 'NONE';

/** A lone write as the plain single-item request. */
async function sendSingle(
  db: DynamoDBDocumentClient,
  w: ConditionalWrite,
  onFailure: OnFailure,
): Promise<void> {
  const old = { ReturnValuesOnConditionCheckFailure: onFailure };
  if ('Put' in w) await db.send(new PutCommand({ ...w.Put, ...old }));
  else if ('Update' in w) await db.send(new UpdateCommand({ ...w.Update, ...old }));
  else await db.send(new DeleteCommand({ ...w.Delete, ...old }));
}

function withOldItem(w: ConditionalWrite, onFailure: OnFailure): Record<string, unknown> {
  const old = { ReturnValuesOnConditionCheckFailure: onFailure };
  if ('Put' in w) return { Put: { ...w.Put, ...old } };
  if ('Update' in w) return { Update: { ...w.Update, ...old } };
  return { Delete: { ...w.Delete, ...old } };
}

function inputOf(w: ConditionalWrite): { TableName?: string; Key?: Record<string, unknown> } {
  return 'Put' in w ? { TableName: w.Put.TableName, Key: w.key } : 'Update' in w ? w.Update : w.Delete;
}

function tableOf(w: ConditionalWrite): string {
  return String(inputOf(w).TableName);
}

/** Table and key; key attributes in a fixed order so equal keys are equal strings. */
function identityOf(w: ConditionalWrite): string {
  const { TableName, Key = {} } = inputOf(w);
  const parts = Object.keys(Key)
    .sort()
    .map((k) => [k, Key[k]]);
  return `${TableName}\u0000${JSON.stringify(parts)}`;
}
