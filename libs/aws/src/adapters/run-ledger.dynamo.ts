import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClaimResult, RunLedger } from '@lava/core';
import { ConditionalWriteBatcher, type ConditionalWriteResult } from '../dynamo/conditional-write-batcher';
import { realmNames } from '../realm/realm-names';

/** Ledger items live in the realm's state table under the reserved `lava.run/` prefix. */
const PREFIX = 'lava.run/';
const RUNNING = 'running';
const KEEP_SECONDS = 7 * 86_400;

/**
 * Exactly-once run bookkeeping with DynamoDB conditional writes. A worker claims a run_id with
 * a lease; each claim writes a new `fence` (a fencing token), and renewing, releasing and
 * finishing are all conditional on the claimer's owner and fence, so an attempt whose lease
 * lapsed and was re-claimed can no longer touch the run. A lease is re-claimable only once it
 * expired by the claimer's clock: owners renew well before expiry (see RunLease in
 * @lava/runner), which bounds the clock skew tolerated between workers. Users cannot collide
 * with these items: state ids starting with `lava` are refused for them.
 *
 * The writes go through a {@link ConditionalWriteBatcher}, so a busy worker claims, renews and
 * finishes many runs in one request. A transaction returns no values, so the claimer picks the
 * fence itself instead of incrementing a stored one: its claim time in microseconds plus a
 * per-process counter, larger for every later claim (a re-claim follows the lease's expiry) and
 * distinct for two claims by one owner (the owner id names the process).
 */
export class DynamoRunLedger implements RunLedger {
  private readonly table: string;
  private lastFence = 0;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    realm: string,
    private readonly now: () => Date = () => new Date(),
    private readonly writes: ConditionalWriteBatcher = new ConditionalWriteBatcher(db),
  ) {
    this.table = realmNames(realm).tables.state;
  }

  async claim(runId: string, owner: string, leaseUntil: Date): Promise<ClaimResult> {
    const fence = this.nextFence();
    // Race: two deliveries of one run (on one worker or two). Only a new run or an expired
    // lease may be claimed; anything else means the run is in progress or done.
    const out = await this.writes.write({
      Update: {
        TableName: this.table,
        Key: { state_id: PREFIX + runId },
        UpdateExpression:
          'SET run_owner = :owner, lease_until = :lease, run_status = :running, #ttl = :ttl, fence = :fence',
        ConditionExpression:
          'attribute_not_exists(state_id) OR (run_status = :running AND lease_until < :now)',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':owner': owner,
          ':lease': leaseUntil.getTime(),
          ':running': RUNNING,
          ':now': this.now().getTime(),
          ':ttl': this.expiry(),
          ':fence': fence,
        },
      },
    });
    if (out.written) return { outcome: 'claimed', fence };
    return this.current(runId, out);
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
    const out = await this.writes.write({
      Update: {
        TableName: this.table,
        Key: { state_id: PREFIX + runId },
        UpdateExpression: update,
        ConditionExpression: 'run_owner = :owner AND fence = :fence AND run_status = :running',
        ...(update.includes('#ttl') ? { ExpressionAttributeNames: { '#ttl': 'ttl' } } : {}),
        ExpressionAttributeValues: { ...values, ':owner': owner, ':fence': fence, ':running': RUNNING },
      },
    });
    return out.written;
  }

  /** Why a claim failed: the item its condition saw (read again when the API did not return it). */
  private async current(runId: string, failed: ConditionalWriteResult): Promise<ClaimResult> {
    const item = (!failed.written && failed.item) || (await this.read(runId));
    if (item.run_status !== RUNNING) return { outcome: 'finished', status: String(item.run_status) };
    return { outcome: 'busy', owner: String(item.run_owner), leaseUntil: new Date(Number(item.lease_until)) };
  }

  private async read(runId: string): Promise<Record<string, unknown>> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { state_id: PREFIX + runId }, ConsistentRead: true }),
    );
    return out.Item ?? {};
  }

  private nextFence(): number {
    this.lastFence = Math.max(this.lastFence + 1, this.now().getTime() * 1000);
    return this.lastFence;
  }

  private expiry(): number {
    return Math.floor(this.now().getTime() / 1000) + KEEP_SECONDS;
  }
}
