import {
  dynaliteDb as db,
  type Callback,
  singleItemActions,
  validations,
  type ActionData,
  type DynaliteError,
  type Item,
  type ItemDb,
  type Store,
  type Table,
} from './dynalite-internals';
import { AwsLocalError } from '../errors';

/** Actions per TransactWriteItems request (the DynamoDB limit since September 2022). */
export const MAX_TRANSACT_ITEMS = 100;

type Kind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
const ACTION_OF = {
  Put: 'putItem',
  Update: 'updateItem',
  Delete: 'deleteItem',
  ConditionCheck: 'deleteItem',
};

/** One validated action of a transaction, with the item it addresses. */
interface Step {
  kind: Kind;
  data: ActionData;
  table: Table;
  itemDb: ItemDb;
  key: string;
  returnOld: boolean;
  old?: Item;
}

/** A per-action reason of a cancelled transaction, as DynamoDB reports it. */
export interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: Item;
}

/**
 * An error answer: the HTTP status and the JSON body (dynalite's shape), which the backend sends
 * to the client as DynamoDB would.
 */
export class DynamoAnswerError extends AwsLocalError {
  override readonly name = 'DynamoAnswerError';
  constructor(
    readonly statusCode: number,
    readonly body: Record<string, unknown>,
  ) {
    super('DYNAMODB_ANSWER', String(body.message ?? body.Message ?? body.__type));
  }
}

/**
 * TransactWriteItems over dynalite's store, with DynamoDB's semantics: every action's condition
 * is checked and then all writes are applied, or none is. The items are locked (in one global
 * order, so two transactions cannot deadlock) for the whole check-and-write, so no single-item
 * write interleaves. A failed condition cancels the transaction with one reason per action
 * (`ConditionalCheckFailed`, with the item when `ReturnValuesOnConditionCheckFailure` is
 * `ALL_OLD`; `None` for the others). `ClientRequestToken` is accepted but not remembered.
 */
export class TransactWriter {
  constructor(private readonly store: Store) {}

  async write(input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const steps = await this.prepare(input);
    const locks = await this.lockAll(steps);
    try {
      for (const step of steps)
        step.old = await call<Item | undefined>((cb) => step.itemDb.get(step.key, notFoundAsEmpty(cb)));
      const reasons = steps.map((s) => conditionReason(s));
      if (reasons.some((r) => r.Code !== 'None')) throw cancelled(reasons);
      await this.apply(steps);
      return {};
    } finally {
      locks.forEach((release) => release());
    }
  }

  private async prepare(input: Record<string, unknown>): Promise<Step[]> {
    const items = input.TransactItems;
    if (!Array.isArray(items) || items.length < 1 || items.length > MAX_TRANSACT_ITEMS)
      throw validation(
        `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TRANSACT_ITEMS} and greater than or equal to 1`,
      );
    const steps: Step[] = [];
    for (const entry of items as Array<Record<string, unknown>>) steps.push(await this.step(entry));
    const seen = new Set<string>();
    for (const s of steps) {
      const id = `${s.table.TableName}\u0000${s.key}`;
      if (seen.has(id))
        throw validation('Transaction request cannot include multiple operations on one item');
      seen.add(id);
    }
    return steps;
  }

  private async step(entry: Record<string, unknown>): Promise<Step> {
    const kinds = (Object.keys(entry ?? {}) as Kind[]).filter((k) => k in ACTION_OF && entry[k] != null);
    if (kinds.length !== 1)
      throw validation('TransactItems can only contain one of Check, Put, Update or Delete');
    const kind = kinds[0]!;
    const raw = { ...(entry[kind] as Record<string, unknown>) };
    const returnOld = raw.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
    if (
      raw.ReturnValuesOnConditionCheckFailure !== undefined &&
      !['ALL_OLD', 'NONE'].includes(String(raw.ReturnValuesOnConditionCheckFailure))
    )
      throw validation('ReturnValuesOnConditionCheckFailure must be ALL_OLD or NONE');
    if (kind === 'ConditionCheck' && typeof raw.ConditionExpression !== 'string')
      throw validation('ConditionCheck requires a ConditionExpression');
    const action = singleItemActions[ACTION_OF[kind] as keyof typeof singleItemActions];
    const data = validations.checkTypes(raw, action.validation.types);
    validations.checkValidations(data, action.validation.types, action.validation.custom, this.store);
    const table = await call<Table>((cb) => this.store.getTable(data.TableName, cb));
    const keyed = kind === 'Put' ? data.Item : data.Key;
    const invalid = kind === 'Put' ? db.validateItem(keyed, table) : db.validateKey(keyed, table);
    if (invalid) throw invalid;
    const itemDb = this.store.getItemDb(data.TableName);
    return { kind, data, table, itemDb, key: db.createKey(keyed, table), returnOld };
  }

  /** Locks every item in (table, key) order; resolves with the releases. */
  private async lockAll(steps: Step[]): Promise<Array<() => void>> {
    const ordered = [...steps].sort((a, b) =>
      a.table.TableName === b.table.TableName
        ? a.key.localeCompare(b.key)
        : a.table.TableName.localeCompare(b.table.TableName),
    );
    const releases: Array<() => void> = [];
    for (const s of ordered)
      releases.push(
        await new Promise<() => void>((resolve) => s.itemDb.lock(s.key, (release) => resolve(release()))),
      );
    return releases;
  }

  /** The writes, each by dynalite's own action; an action that fails undoes the earlier ones. */
  private async apply(steps: Step[]): Promise<void> {
    const done: Step[] = [];
    for (const [i, step] of steps.entries()) {
      if (step.kind === 'ConditionCheck') continue;
      try {
        await this.applyOne(step);
        done.push(step);
      } catch (err) {
        await this.undo(done);
        const e = err as DynaliteError;
        const reasons: CancellationReason[] = steps.map(() => ({ Code: 'None' }));
        reasons[i] = { Code: 'ValidationError', Message: e.body?.message ?? e.message };
        throw cancelled(reasons);
      }
    }
  }

  private applyOne(step: Step): Promise<unknown> {
    // The conditions were checked under the locks this transaction holds: the action must
    // neither check again nor wait for a lock (it would wait for this transaction).
    const data: ActionData = { ...step.data, ReturnValues: 'NONE' };
    delete data._condition;
    delete data.Expected;
    const run = singleItemActions[ACTION_OF[step.kind] as keyof typeof singleItemActions].run;
    return call((cb) => run(this.heldLocks(step), data, cb));
  }

  private async undo(done: Step[]): Promise<void> {
    for (const step of done.reverse()) {
      const now = await call<Item | undefined>((cb) => step.itemDb.get(step.key, notFoundAsEmpty(cb)));
      await call((cb) => db.updateIndexes(this.store, step.table, now, step.old, cb));
      await call((cb) =>
        step.old ? step.itemDb.put(step.key, step.old, cb) : step.itemDb.del(step.key, cb),
      );
    }
  }

  /**
   * The store as seen by the action that writes `step` inside this transaction: the item lock is
   * already held, and the table and the item were read under that lock, so the action is handed
   * them instead of reading (and decoding) them again.
   */
  private heldLocks(step: Step): Store {
    const store = this.store;
    return Object.assign(Object.create(store) as Store, {
      getTable(_name: string, ...rest: unknown[]): void {
        (rest[rest.length - 1] as Callback<Table>)(null, step.table);
      },
      getItemDb(name: string): ItemDb {
        const itemDb = store.getItemDb(name);
        return Object.assign(Object.create(itemDb) as ItemDb, {
          lock: (_key: string, exec: Parameters<ItemDb['lock']>[1]) =>
            exec((done) => done ?? (() => undefined)),
          get: (key: string, cb: Callback<Item>) =>
            name === step.table.TableName && key === step.key ? cb(null, step.old) : itemDb.get(key, cb),
        });
      },
    });
  }
}

function conditionReason(step: Step): CancellationReason {
  const failed = db.checkConditional(step.data, step.old);
  if (!failed) return { Code: 'None' };
  return {
    Code: 'ConditionalCheckFailed',
    Message: 'The conditional request failed',
    ...(step.returnOld && step.old ? { Item: step.old } : {}),
  };
}

function cancelled(reasons: CancellationReason[]): DynamoAnswerError {
  return new DynamoAnswerError(400, {
    __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    CancellationReasons: reasons,
  });
}

function validation(message: string): DynamoAnswerError {
  return new DynamoAnswerError(400, { __type: 'com.amazon.coral.validate#ValidationException', message });
}

function notFoundAsEmpty<T>(cb: (err: DynaliteError | null | undefined, value?: T) => void) {
  return (err: DynaliteError | null | undefined, value?: T) =>
    err && err.name === 'NotFoundError' ? cb(null, undefined) : cb(err, value);
}

/** A dynalite callback call as a promise; dynalite's errors carry their answer. */
function call<T = unknown>(
  fn: (cb: (err: DynaliteError | null | undefined, value?: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) =>
    fn((err, value) => {
      if (!err) return resolve(value as T);
      reject(err.statusCode && err.body ? new DynamoAnswerError(err.statusCode, err.body) : err);
    }),
  );
}
