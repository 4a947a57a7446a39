import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClaimResult, RunLedger } from '@lava/core';
import { realmNames } from '../realm/realm-names';

/** Ledger items live in the realm's state table under the reserved `lava.run/` prefix. */
const PREFIX = 'lava.run/';
const RUNNING = 'running';
const KEEP_SECONDS = 7 * 86_400;

/**
 * Exactly-once run bookkeeping with DynamoDB conditional writes. A worker claims a run_id with
 * a lease; each claim increments the item's `fence` (a fencing token), and renewing, releasing
 * and finishing are all conditional on the claimer's fence, so an attempt whose lease lapsed
 * and was re-claimed can no longer touch the run. A lease is re-claimable only once it expired
 * by the claimer's clock: owners renew well before expiry (see RunLease in @lava/runner), which
 * bounds the clock skew tolerated between workers. Users cannot collide with these items:
 * state ids starting with `lava` are refused for them.
 */
export class DynamoRunLedger implements RunLedger {
  private readonly table: string;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    realm: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.table = realmNames(realm).tables.state;
  }

  async claim(runId: string, owner: string, leaseUntil: Date): Promise<ClaimResult> {
    try {
      // Race: two deliveries of one run (on one worker or two). Only a new run or an expired
      // lease may be claimed; anything else means the run is in progress or done.
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { state_id: PREFIX + runId },
          UpdateExpression:
            'SET run_owner = :owner, lease_until = :lease, run_status = :running, #ttl = :ttl ADD fence :one',
          ConditionExpression:
            'attribute_not_exists(state_id) OR (run_status = :running AND lease_until < :now)',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':owner': owner,
            ':lease': leaseUntil.getTime(),
            ':running': RUNNING,
            ':now': this.now().getTime(),
            ':ttl': this.expiry(),
            ':one': 1,
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { outcome: 'claimed', fence: Number(out.Attributes?.fence) };
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      return this.current(runId);
    }
  }

  /** Moves the lease to `leaseUntil` (the past releases it); false when the claim was lost. */
  async extend(runId: string, owner: string, fence: number, leaseUntil: Date): Promise<boolean> {
    return this.fenced(runId, owner, fence, 'SET lease_until = :lease', { ':lease': leaseUntil.getTime() });
  }

  /** Records the run's terminal status; false when another attempt holds the run by now. */
  async finish(runId: string, owner: string, fence: number, status: string): Promise<boolean> {
    return this.fenced(runId, owner, fence, 'SET run_status = :status, #ttl = :ttl REMOVE lease_until', {
      ':status': status,
      ':ttl': this.expiry(),
    });
  }

  private async fenced(
    runId: string,
    owner: string,
    fence: number,
    update: string,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { state_id: PREFIX + runId },
          UpdateExpression: update,
          ConditionExpression: 'run_owner = :owner AND fence = :fence AND run_status = :running',
          ...(update.includes('#ttl') ? { ExpressionAttributeNames: { '#ttl': 'ttl' } } : {}),
          ExpressionAttributeValues: { ...values, ':owner': owner, ':fence': fence, ':running': RUNNING },
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      return false;
    }
  }

  private async current(runId: string): Promise<ClaimResult> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { state_id: PREFIX + runId }, ConsistentRead: true }),
    );
    const item = out.Item ?? {};
    if (item.run_status !== RUNNING) return { outcome: 'finished', status: String(item.run_status) };
    return { outcome: 'busy', owner: String(item.run_owner), leaseUntil: new Date(Number(item.lease_until)) };
  }

  private expiry(): number {
    return Math.floor(this.now().getTime() / 1000) + KEEP_SECONDS;
  }
}
