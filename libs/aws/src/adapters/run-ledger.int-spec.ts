import { randomBytes } from 'node:crypto';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { loadAwsConfig } from '../config/aws-config';
import { createAwsClients, type AwsClients } from '../config/aws-clients';
import { deleteRealm } from '../realm/delete-realm';
import { provisionRealm } from '../realm/provision-realm';
import { DynamoRunLedger } from './run-ledger.dynamo';

const aws = useAwsEndpoint();

function fenceOf(claim: Awaited<ReturnType<DynamoRunLedger['claim']>>): number {
  if (claim.outcome !== 'claimed') throw new Error(`expected a claim, got ${claim.outcome}`);
  return claim.fence;
}

describe('DynamoRunLedger fencing (local DynamoDB)', () => {
  let clients: AwsClients;
  const realm = `l${randomBytes(4).toString('hex')}`;
  let now = Date.now();
  beforeAll(async () => {
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    await provisionRealm(clients, realm);
  });
  afterAll(async () => {
    await deleteRealm(clients, realm, { deleteBucket: true });
    clients.destroy();
  });

  it('a new claim only after expiry, each with a new fence; the stale attempt can neither renew nor finish', async () => {
    const ledger = new DynamoRunLedger(clients.dynamo, realm, () => new Date(now));
    const first = await ledger.claim('run-1', 'worker-a', new Date(now + 60_000));
    expect(first).toEqual({ outcome: 'claimed', fence: expect.any(Number) });
    const f1 = fenceOf(first);
    // A duplicate delivery, even to the same worker process, waits while the lease holds.
    expect(await ledger.claim('run-1', 'worker-a', new Date(now + 60_000))).toMatchObject({
      outcome: 'busy',
      owner: 'worker-a',
    });
    expect(await ledger.claim('run-1', 'worker-b', new Date(now + 60_000))).toMatchObject({
      outcome: 'busy',
    });
    expect(await ledger.extend('run-1', 'worker-a', f1, new Date(now + 90_000))).toBe(true);
    now += 91_000; // worker-a stopped renewing (dead or partitioned)
    const second = await ledger.claim('run-1', 'worker-b', new Date(now + 60_000));
    const f2 = fenceOf(second);
    expect(f2).toBeGreaterThan(f1);
    expect(await ledger.extend('run-1', 'worker-a', f1, new Date(now + 60_000))).toBe(false);
    expect(await ledger.finish('run-1', 'worker-a', f1, 'complete')).toBe(false);
    expect(await ledger.finish('run-1', 'worker-b', f2, 'complete')).toBe(true);
    expect(await ledger.claim('run-1', 'worker-c', new Date(now + 60_000))).toEqual({
      outcome: 'finished',
      status: 'complete',
    });
  });

  it('a released claim (lease in the past) is re-claimable at once, with the next fence', async () => {
    const ledger = new DynamoRunLedger(clients.dynamo, realm, () => new Date(now));
    const first = fenceOf(await ledger.claim('run-2', 'worker-a', new Date(now + 60_000)));
    expect(await ledger.extend('run-2', 'worker-a', first, new Date(0))).toBe(true);
    // Same clock reading: the fence still moves on.
    const second = fenceOf(await ledger.claim('run-2', 'worker-b', new Date(now + 60_000)));
    expect(second).toBeGreaterThan(first);
    expect(await ledger.extend('run-2', 'worker-a', first, new Date(now + 60_000))).toBe(false);
  });

  it('claims, renews and finishes of many runs at once: one outcome each, in few requests', async () => {
    const ledger = new DynamoRunLedger(clients.dynamo, realm, () => new Date(now));
    const requests = () => aws.local()?.stats().requests ?? 0;
    const before = requests();
    const ids = Array.from({ length: 30 }, (_, i) => `batch-${i}`);
    // run 0 is already taken: its claim fails inside a batch and the others still land.
    const taken = fenceOf(await ledger.claim(ids[0]!, 'worker-x', new Date(now + 60_000)));
    const claims = await Promise.all(ids.map((id) => ledger.claim(id, 'worker-a', new Date(now + 60_000))));
    expect(claims[0]).toEqual({ outcome: 'busy', owner: 'worker-x', leaseUntil: new Date(now + 60_000) });
    expect(claims.slice(1).every((c) => c.outcome === 'claimed')).toBe(true);
    const fences = claims.slice(1).map(fenceOf);
    expect(new Set(fences).size).toBe(fences.length);
    const finished = await Promise.all(
      ids.slice(1).map((id, i) => ledger.finish(id, 'worker-a', fences[i]!, 'complete')),
    );
    expect(finished.every(Boolean)).toBe(true);
    expect(await ledger.finish(ids[0]!, 'worker-a', taken, 'complete')).toBe(false);
    expect(await ledger.claim(ids[5]!, 'worker-c', new Date(now + 60_000))).toEqual({
      outcome: 'finished',
      status: 'complete',
    });
    // 61 writes and a few reads: batched, far fewer requests than writes.
    if (!aws.external) expect(requests() - before).toBeLessThan(20);
  });
});
