import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalWriteBatcher, realmNames } from '@lava/aws';
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
 * cannot tell them apart: it is derived from the key. Claims go through a
 * {@link ConditionalWriteBatcher}: the requests of a busy dispatcher are claimed together.
 */
export class DispatchClaims {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    realm: string,
    private readonly ttlSeconds: number,
    private readonly now: () => Date = () => new Date(),
    private readonly writes: ConditionalWriteBatcher = new ConditionalWriteBatcher(db),
  ) {
    this.table = realmNames(realm).tables.state;
  }

  async claim(key: string, runId: string, delivery: string): Promise<ClaimOutcome> {
    const now = this.now();
    const epoch = Math.floor(now.getTime() / 1000);
    const state_id = DISPATCH_CLAIM_PREFIX + key;
    const out = await this.writes.write({
      key: { state_id },
      Put: {
        TableName: this.table,
        Item: {
          state_id,
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
      },
    });
    if (out.written) return { kind: 'claimed' };
    const owner = parseOwner(out.item?.value ?? (await this.storedValue(key)));
    return owner.delivery === delivery
      ? { kind: 'claimed' }
      : { kind: 'duplicate', run_id: owner.run_id ?? '' };
  }

  private async storedValue(key: string): Promise<unknown> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { state_id: DISPATCH_CLAIM_PREFIX + key },
        ConsistentRead: true,
      }),
    );
    return out.Item?.value;
  }
}

function parseOwner(value: unknown): { run_id?: string; delivery?: string } {
  try {
    return JSON.parse(String(value)) as { run_id?: string; delivery?: string };
  } catch {
    return {};
  }
}
