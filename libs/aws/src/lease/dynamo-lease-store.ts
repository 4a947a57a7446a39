import {
  GetCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { translateAwsError } from '../errors';
import { realmNames } from '../realm/realm-names';

/** Prefix of lease items in the realm state table (`lava*` state ids are reserved). */
export const LEASE_ID_PREFIX = 'lava.lease/';

/** Outcome of a lease write; the same shape as `LeaseResult` in `@lava/scheduling`. */
export interface DynamoLeaseResult {
  readonly ok: boolean;
  readonly token?: number;
  readonly expiresAt?: Date;
  readonly holder?: string;
}

/** Attribute names of a lease item (plain attributes so conditions stay single expressions). */
const A = {
  owner: 'lease_owner',
  token: 'lease_token',
  expires: 'lease_expires_ms',
  progress: 'fired_through_ms',
  updated: 'updated_at',
} as const;

/**
 * Named leases with fencing tokens, one item per name (`lava.lease/<name>`) in the realm state
 * table. Every method is a single conditional write, so two replicas can never both hold a
 * lease, and a paused old holder cannot extend or write through a lease someone else took:
 *
 * - `tryAcquire`: free, expired or already ours -> take it and increment the token.
 * - `renew`, `recordProgress`, `release`: only while owner and token still match.
 *
 * The item also keeps `fired_through_ms`, the holder's firing watermark, so the next holder
 * knows from where to catch up. Structurally implements `LeaseStore` of `@lava/scheduling`.
 *
 * @example const store = new DynamoLeaseStore(clients.dynamo, 'acme'); await store.tryAcquire('main', 'host:1', new Date(), 10_000);
 */
export class DynamoLeaseStore {
  readonly tableName: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    realm: string,
  ) {
    this.tableName = realmNames(realm).tables.state;
  }

  async tryAcquire(name: string, owner: string, now: Date, durationMs: number): Promise<DynamoLeaseResult> {
    const expires = now.getTime() + durationMs;
    const out = await this.update(name, {
      UpdateExpression: 'SET #o = :o, #e = :e, #u = :u ADD #t :one',
      ConditionExpression: 'attribute_not_exists(#e) OR #e <= :now OR #o = :o',
      ExpressionAttributeNames: { '#o': A.owner, '#e': A.expires, '#u': A.updated, '#t': A.token },
      ExpressionAttributeValues: {
        ':o': owner,
        ':e': expires,
        ':u': now.toISOString(),
        ':one': 1,
        ':now': now.getTime(),
      },
      ReturnValues: 'ALL_NEW',
    });
    if (!out) return { ok: false, ...(await this.holder(name)) };
    return { ok: true, token: Number(out[A.token]), expiresAt: new Date(expires) };
  }

  async renew(
    name: string,
    owner: string,
    token: number,
    now: Date,
    durationMs: number,
  ): Promise<DynamoLeaseResult> {
    const expires = now.getTime() + durationMs;
    const out = await this.update(name, {
      UpdateExpression: 'SET #e = :e, #u = :u',
      ConditionExpression: '#o = :o AND #t = :t',
      ExpressionAttributeNames: { '#o': A.owner, '#e': A.expires, '#u': A.updated, '#t': A.token },
      ExpressionAttributeValues: { ':o': owner, ':t': token, ':e': expires, ':u': now.toISOString() },
      ReturnValues: 'UPDATED_NEW',
    });
    return out ? { ok: true, token, expiresAt: new Date(expires) } : { ok: false };
  }

  /** Gives the lease up (expiry 0), keeping the token counter and the watermark. */
  async release(name: string, owner: string, token: number): Promise<void> {
    await this.update(name, {
      UpdateExpression: 'SET #e = :zero',
      ConditionExpression: '#o = :o AND #t = :t',
      ExpressionAttributeNames: { '#o': A.owner, '#e': A.expires, '#t': A.token },
      ExpressionAttributeValues: { ':o': owner, ':t': token, ':zero': 0 },
    });
  }

  /**
   * Stores the firing watermark (every slot at or before `firedThrough` was published), fenced
   * by owner and token. False means another replica took the lease: stop firing.
   */
  async recordProgress(name: string, owner: string, token: number, firedThrough: Date): Promise<boolean> {
    const out = await this.update(name, {
      UpdateExpression: 'SET #f = :f',
      ConditionExpression: '#o = :o AND #t = :t',
      ExpressionAttributeNames: { '#o': A.owner, '#t': A.token, '#f': A.progress },
      ExpressionAttributeValues: { ':o': owner, ':t': token, ':f': firedThrough.getTime() },
      ReturnValues: 'UPDATED_NEW',
    });
    return out !== undefined;
  }

  /** The last recorded watermark (strongly consistent), or undefined when none was ever written. */
  async readProgress(name: string): Promise<Date | undefined> {
    const item = await this.get(name);
    const ms = item?.[A.progress];
    return typeof ms === 'number' ? new Date(ms) : undefined;
  }

  private async holder(name: string): Promise<{ holder?: string; expiresAt?: Date }> {
    const item = await this.get(name).catch(() => undefined);
    if (!item) return {};
    return { holder: String(item[A.owner]), expiresAt: new Date(Number(item[A.expires])) };
  }

  private async get(name: string): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { state_id: LEASE_ID_PREFIX + name },
          ConsistentRead: true,
        }),
      );
      return out.Item;
    } catch (err) {
      throw translateAwsError(err, this.tableName);
    }
  }

  /** One conditional update; undefined when the condition failed (someone else holds it). */
  private async update(
    name: string,
    input: Omit<UpdateCommandInput, 'TableName' | 'Key'>,
  ): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.db.send(
        new UpdateCommand({ ...input, TableName: this.tableName, Key: { state_id: LEASE_ID_PREFIX + name } }),
      );
      return out.Attributes ?? {};
    } catch (err) {
      if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return undefined;
      throw translateAwsError(err, this.tableName);
    }
  }
}
