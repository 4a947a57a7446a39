import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { translateAwsError } from '../errors';
import { realmNames } from '../realm/realm-names';

/** A stored record: plain JSON-like attributes. */
export type Item = Record<string, unknown>;

/** Paging and error translation shared by every table adapter. */
export class DynamoTable<T extends Item> {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** Scan every page. */
  protected async scanAll(input: Omit<ScanCommandInput, 'TableName'>): Promise<T[]> {
    const items: T[] = [];
    const scan = (start: Record<string, unknown> | undefined) =>
      this.db.send(new ScanCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }));
    for await (const page of this.pages(scan)) items.push(...page);
    return items;
  }

  /** Query every page (or stop at `limit` items). */
  protected async queryAll(input: Omit<QueryCommandInput, 'TableName'>, limit = Infinity): Promise<T[]> {
    const items: T[] = [];
    const query = (start: Record<string, unknown> | undefined) =>
      this.db.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }));
    for await (const page of this.pages(query)) {
      items.push(...page);
      if (items.length >= limit) break;
    }
    return items.slice(0, limit);
  }

  /**
   * Yields each page's items as it arrives; the next page is read only when the caller asks for it
   * (so the caller paces the reads and never holds the whole listing). `page` reads the page that
   * starts at `start` (a Query or Scan of this table). A page whose items were all filtered out is
   * yielded empty, so that a caller pacing its reads paces every one of them.
   */
  protected async *pages(
    page: (
      start: Record<string, unknown> | undefined,
    ) => Promise<{ Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> }>,
  ): AsyncGenerator<T[]> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.run(() => page(start));
      yield (out.Items ?? []) as T[];
      start = out.LastEvaluatedKey;
    } while (start);
  }

  /** Run an SDK call, translating its errors; `race` names what a condition protects. */
  protected async run<R>(call: () => Promise<R>, race?: string): Promise<R> {
    try {
      return await call();
    } catch (err) {
      throw translateAwsError(err, this.tableName, race);
    }
  }
}

/**
 * Lava's own records in the realm's state table (state ids under the reserved `lava` prefix, which
 * users cannot write), with the clock their times and expiries come from.
 */
export abstract class StateTableStore extends DynamoTable<Item> {
  constructor(
    db: DynamoDBDocumentClient,
    realm: string,
    protected readonly now: () => Date = () => new Date(),
  ) {
    super(db, realmNames(realm).tables.state);
  }
}

/**
 * Typed get/put/delete/list for the single-key realm tables, SDK errors translated at this
 * boundary. Subclasses add the table's own queries.
 */
export class TableRepository<T extends Item> extends DynamoTable<T> {
  constructor(
    db: DynamoDBDocumentClient,
    tableName: string,
    protected readonly keyName: string,
  ) {
    super(db, tableName);
  }

  /** The item with this key, or `undefined`. */
  async get(id: string, consistent = false): Promise<T | undefined> {
    const out = await this.run(() =>
      this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [this.keyName]: id },
          ConsistentRead: consistent,
        }),
      ),
    );
    return out.Item as T | undefined;
  }

  /** Replace the whole item (the original tools always wrote whole records). */
  async put(item: T): Promise<void> {
    await this.run(() => this.db.send(new PutCommand({ TableName: this.tableName, Item: item })));
  }

  /** Delete by key; returns whether an item was there. */
  async delete(id: string): Promise<boolean> {
    const out = await this.run(() =>
      this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { [this.keyName]: id },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return out.Attributes !== undefined;
  }

  /** Every item, sorted by key (a full scan: fine for config tables of a few thousand items). */
  async list(): Promise<T[]> {
    const items = await this.scanAll({});
    return items.sort((a, b) => String(a[this.keyName]).localeCompare(String(b[this.keyName])));
  }
}
