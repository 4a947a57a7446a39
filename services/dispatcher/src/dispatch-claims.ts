import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { realmNames } from '@lava/aws';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { formatTimestamp } from '@lava/core';

/** Reserved state_id prefix of idempotency claims in `lava.<realm>.state`. */
export const DISPATCH_CLAIM_PREFIX = 'lava.dispatch/';

export type ClaimOutcome = { kind: 'claimed' } | { kind: 'duplicate'; run_id: string };

/**
 * Idempotency keys of dispatch requests, as items `lava.dispatch/<key>` of the realm state table
 * (a valid state record: json value, timestamp, ttl, publisher). The first delivery to claim a
 * key owns it until the TTL; the item holds its run_id and delivery (SQS message id and position),
 * so the same message redelivered still dispatches, while any other delivery of a request with
 * that key (a second copy of the event, a retried PutEvents) is a duplicate. The run_id alone
 * cannot tell them apart: it is derived from the key.
 */
export class DispatchClaims {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    realm: string,
    private readonly ttlSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.table = realmNames(realm).tables.state;
  }

  async claim(key: string, runId: string, delivery: string): Promise<ClaimOutcome> {
    const now = this.now();
    const epoch = Math.floor(now.getTime() / 1000);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            state_id: DISPATCH_CLAIM_PREFIX + key,
            type: 'json',
            value: JSON.stringify({ run_id: runId, delivery }),
            timestamp: formatTimestamp(now),
            ttl: epoch + this.ttlSeconds,
            publisher: 'lava.dispatcher',
          },
          // Race: two requests carrying the same idempotency key (a retried PutEvents, a double
          // click, two scheduler replicas) must produce one run. An expired claim counts as free
          // because DynamoDB deletes expired items lazily.
          ConditionExpression: 'attribute_not_exists(state_id) OR #ttl < :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': epoch },
        }),
      );
      return { kind: 'claimed' };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
    const owner = await this.owner(key);
    return owner.delivery === delivery
      ? { kind: 'claimed' }
      : { kind: 'duplicate', run_id: owner.run_id ?? '' };
  }

  private async owner(key: string): Promise<{ run_id?: string; delivery?: string }> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { state_id: DISPATCH_CLAIM_PREFIX + key },
        ConsistentRead: true,
      }),
    );
    try {
      return JSON.parse(String(out.Item?.value)) as { run_id?: string; delivery?: string };
    } catch {
      return {};
    }
  }
}
