import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { realmNames } from '../realm/realm-names';
import type { StateType } from '@lava/core';
import { StateCipherError } from '../errors';
import { defaultStateKey, type StateCipher } from './state-cipher';
import { decodeStateItem, encodeStateValue, stateJson, type StateEntry } from './state-codec';
import { DynamoTable, type Item } from './table-repository';

/** What a caller writes; `ttlSeconds` 0/undefined falls back to the default. */
export interface StatePut {
  state_id: string;
  value: unknown;
  type?: StateType;
  ttlSeconds?: number;
  publisher?: string;
  /** `secure` only: the KMS key (id, ARN or `alias/…`); default the realm's `sys` key. */
  kmsKey?: string;
}

/** TTL policy and clock; defaults are the original's `STATE_TTL` 7d and `STATE_MAX_TTL` 366d. */
export interface StateRepositoryOptions {
  defaultTtlSeconds?: number;
  maxTtlSeconds?: number;
  now?: () => Date;
  /** Encrypts and decrypts `secure` items; without it they are refused (STATE_CIPHER_MISSING). */
  cipher?: StateCipher;
}

const DAY = 86_400;

/** Local time with numeric offset, whole seconds: `2024-05-01T10:15:00+10:00`. */
export function isoWithOffset(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The state table of one realm. No raw `put`: every write goes through
 * `putState`, so items always carry exactly the attributes Python readers require.
 */
export class StateRepository extends DynamoTable<Item> {
  private readonly defaultTtl: number;
  private readonly maxTtl: number;
  private readonly now: () => Date;
  private readonly cipher?: StateCipher;
  private readonly defaultKey: string;

  constructor(db: DynamoDBDocumentClient, realm: string, options: StateRepositoryOptions = {}) {
    super(db, realmNames(realm).tables.state);
    this.cipher = options.cipher;
    this.defaultKey = defaultStateKey(realm);
    this.defaultTtl = options.defaultTtlSeconds ?? 7 * DAY;
    this.maxTtl = options.maxTtlSeconds ?? 366 * DAY;
    this.now = options.now ?? (() => new Date());
  }

  /** `min(ttl || default, max)`; negative values are kept (expiry in the past), as the original did. */
  ttlSeconds(requested?: number): number {
    return Math.min(requested || this.defaultTtl, this.maxTtl);
  }

  /** Replace the item (unconditional, as the original) and return what was stored. */
  async putState(input: StatePut): Promise<StateEntry> {
    const now = this.now();
    const type = input.type ?? 'json';
    const item: Item = {
      state_id: input.state_id,
      type,
      value:
        type === 'secure'
          ? await this.requireCipher('encrypt').encrypt(
              input.kmsKey ?? this.defaultKey,
              Buffer.from(stateJson(input.value), 'utf8'),
            )
          : encodeStateValue(type, input.value),
      timestamp: isoWithOffset(now),
      ttl: Math.floor(now.getTime() / 1000 + this.ttlSeconds(input.ttlSeconds)),
      ...(input.publisher ? { publisher: input.publisher } : {}),
    };
    await this.run(() => this.db.send(new PutCommand({ TableName: this.tableName, Item: item })));
    return { ...(item as unknown as StateEntry), value: input.value };
  }

  /**
   * Strongly consistent read. An item past its `ttl` counts as missing: DynamoDB deletes
   * expired items lazily, hours later, and the original served them.
   */
  async getState(stateId: string): Promise<StateEntry | undefined> {
    const out = await this.run(() =>
      this.db.send(
        new GetCommand({ TableName: this.tableName, Key: { state_id: stateId }, ConsistentRead: true }),
      ),
    );
    const item = out.Item;
    if (!item) return undefined;
    const entry = decodeStateItem(this.tableName, item);
    if (entry.ttl < this.now().getTime() / 1000) return undefined;
    if (entry.type !== 'secure') return entry;
    const plaintext = await this.requireCipher('decrypt').decrypt(entry.value as Uint8Array);
    return { ...entry, value: JSON.parse(Buffer.from(plaintext).toString('utf8')) as unknown };
  }

  private requireCipher(operation: 'encrypt' | 'decrypt'): StateCipher {
    if (!this.cipher) throw new StateCipherError(operation, undefined, 'no KMS client configured');
    return this.cipher;
  }

  /** Delete an item; returns whether it was there. */
  async deleteState(stateId: string): Promise<boolean> {
    const out = await this.run(() =>
      this.db.send(
        new DeleteCommand({ TableName: this.tableName, Key: { state_id: stateId }, ReturnValues: 'ALL_OLD' }),
      ),
    );
    return out.Attributes !== undefined;
  }
}
