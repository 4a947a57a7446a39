import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { realmNames } from '../realm/realm-names';

/** Ledger items live in the realm's state table under the reserved `lava.run/` prefix. */
const PREFIX = 'lava.run/';
const RUNNING = 'running';
const KEEP_SECONDS = 7 * 86_400;

export type LedgerClaim =
  | { outcome: 'claimed' }
  | { outcome: 'finished'; status: string }
  | { outcome: 'busy'; owner: string; leaseUntil: Date };

/**
 * Exactly-once run bookkeeping with DynamoDB conditional writes: a worker claims a run_id with
 * a lease, renews it while the run goes on, and marks it finished. Users cannot collide with
 * these items: state ids starting with `lava` are refused for them.
 */
export class DynamoRunLedger {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    realm: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.table = realmNames(realm).tables.state;
  }

  async claim(runId: string, owner: string, leaseUntil: Date): Promise<LedgerClaim> {
    try {
      // Race: two deliveries of one run on two workers. Only a new run, an expired lease or
      // our own lease may be (re)claimed; anything else means the run is elsewhere or done.
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { state_id: PREFIX + runId },
          UpdateExpression: 'SET run_owner = :owner, lease_until = :lease, run_status = :running, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(state_id) OR (run_status = :running AND (lease_until < :now OR run_owner = :owner))',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':owner': owner,
            ':lease': leaseUntil.getTime(),
            ':running': RUNNING,
            ':now': this.now().getTime(),
            ':ttl': this.expiry(),
          },
        }),
      );
      return { outcome: 'claimed' };
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      return this.current(runId);
    }
  }

  async extend(runId: string, owner: string, leaseUntil: Date): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { state_id: PREFIX + runId },
          UpdateExpression: 'SET lease_until = :lease',
          ConditionExpression: 'run_owner = :owner AND run_status = :running',
          ExpressionAttributeValues: { ':owner': owner, ':lease': leaseUntil.getTime(), ':running': RUNNING },
        }),
      );
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    }
  }

  async finish(runId: string, owner: string, status: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { state_id: PREFIX + runId },
        UpdateExpression: 'SET run_status = :status, run_owner = :owner, #ttl = :ttl REMOVE lease_until',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':status': status, ':owner': owner, ':ttl': this.expiry() },
      }),
    );
  }

  private async current(runId: string): Promise<LedgerClaim> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: { state_id: PREFIX + runId }, ConsistentRead: true }));
    const item = out.Item ?? {};
    if (item.run_status !== RUNNING) return { outcome: 'finished', status: String(item.run_status) };
    return { outcome: 'busy', owner: String(item.run_owner), leaseUntil: new Date(Number(item.lease_until)) };
  }

  private expiry(): number {
    return Math.floor(this.now().getTime() / 1000) + KEEP_SECONDS;
  }
}
