import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { realmNames } from '../realm/realm-names';
import { TableRepository, type Item } from './table-repository';

/** Prefix of API token items in the realm state table (`lava*` state ids are reserved). */
export const API_TOKEN_ID_PREFIX = 'lava.api-token/';
/** Prefix of paused-dispatcher items in the realm state table. */
export const DISPATCHER_PAUSE_ID_PREFIX = 'lava.paused/';

/**
 * One API token as stored: its name, role and the SHA-256 of the whole token. The token itself
 * is never stored; a hash of a 256-bit random token cannot be reversed, so readers of the state
 * table learn nothing usable.
 */
export interface ApiTokenItem extends Item {
  state_id: string;
  token_id: string;
  name: string;
  role: string;
  sha256: string;
  created_at: string;
  created_by?: string;
}

/** One paused dispatcher: the scheduler does not fire its jobs while this item exists. */
export interface DispatcherPauseItem extends Item {
  state_id: string;
  dispatcher: string;
  paused_at: string;
  paused_by: string;
  reason?: string;
}

/** Items of the state table under one reserved prefix, addressed by the part after it. */
class PrefixedStateItems<T extends Item> extends TableRepository<T> {
  constructor(
    db: DynamoDBDocumentClient,
    realm: string,
    private readonly prefix: string,
  ) {
    super(db, realmNames(realm).tables.state, 'state_id');
  }

  /** The item named `name` (below the prefix), or undefined. */
  async find(name: string): Promise<T | undefined> {
    return this.get(this.prefix + name, true);
  }

  /** Write the item named `name`. */
  async store(name: string, fields: Omit<T, 'state_id'>): Promise<void> {
    await this.put({ ...fields, state_id: this.prefix + name } as unknown as T);
  }

  /** Delete the item named `name`; whether it was there. */
  async remove(name: string): Promise<boolean> {
    return this.delete(this.prefix + name);
  }

  /** Every item under the prefix (a filtered scan of a small table). */
  async all(): Promise<T[]> {
    return this.scanAll({
      FilterExpression: 'begins_with(#id, :p)',
      ExpressionAttributeNames: { '#id': 'state_id' },
      ExpressionAttributeValues: { ':p': this.prefix },
      ConsistentRead: true,
    });
  }
}

/** API tokens of a realm (`lava.api-token/<token_id>` in the state table). */
export class ApiTokensRepository extends PrefixedStateItems<ApiTokenItem> {
  constructor(db: DynamoDBDocumentClient, realm: string) {
    super(db, realm, API_TOKEN_ID_PREFIX);
  }
}

/** Paused dispatchers of a realm (`lava.paused/<dispatcher>` in the state table). */
export class DispatcherPausesRepository extends PrefixedStateItems<DispatcherPauseItem> {
  constructor(db: DynamoDBDocumentClient, realm: string) {
    super(db, realm, DISPATCHER_PAUSE_ID_PREFIX);
  }

  /** Whether `dispatcher` is paused: one consistent read of its own item (no scan). */
  async isPaused(dispatcher: string): Promise<boolean> {
    return (await this.find(dispatcher)) !== undefined;
  }

  /** Names of the paused dispatchers (a scan: for listings, not for the scheduler's hot path). */
  async pausedNames(): Promise<Set<string>> {
    return new Set((await this.all()).map((p) => p.dispatcher));
  }
}
