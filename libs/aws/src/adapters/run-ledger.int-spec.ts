import { randomBytes } from 'node:crypto';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { loadAwsConfig } from '../config/aws-config';
import { createAwsClients, type AwsClients } from '../config/aws-clients';
import { deleteRealm } from '../realm/delete-realm';
import { provisionRealm } from '../realm/provision-realm';
import { DynamoRunLedger } from './run-ledger.dynamo';

const aws = useAwsEndpoint();

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
    expect(first).toEqual({ outcome: 'claimed', fence: 1 });
    // A duplicate delivery, even to the same worker process, waits while the lease holds.
    expect(await ledger.claim('run-1', 'worker-a', new Date(now + 60_000))).toMatchObject({
      outcome: 'busy',
      owner: 'worker-a',
    });
    expect(await ledger.claim('run-1', 'worker-b', new Date(now + 60_000))).toMatchObject({
      outcome: 'busy',
    });
    expect(await ledger.extend('run-1', 'worker-a', 1, new Date(now + 90_000))).toBe(true);
    now += 91_000; // worker-a stopped renewing (dead or partitioned)
    const second = await ledger.claim('run-1', 'worker-b', new Date(now + 60_000));
    expect(second).toEqual({ outcome: 'claimed', fence: 2 });
    expect(await ledger.extend('run-1', 'worker-a', 1, new Date(now + 60_000))).toBe(false);
    expect(await ledger.finish('run-1', 'worker-a', 1, 'complete')).toBe(false);
    expect(await ledger.finish('run-1', 'worker-b', 2, 'complete')).toBe(true);
    expect(await ledger.claim('run-1', 'worker-c', new Date(now + 60_000))).toEqual({
      outcome: 'finished',
      status: 'complete',
    });
  });

  it('a released claim (lease in the past) is re-claimable at once, with the next fence', async () => {
    const ledger = new DynamoRunLedger(clients.dynamo, realm, () => new Date(now));
    const first = await ledger.claim('run-2', 'worker-a', new Date(now + 60_000));
    expect(first).toEqual({ outcome: 'claimed', fence: 1 });
    expect(await ledger.extend('run-2', 'worker-a', 1, new Date(0))).toBe(true);
    expect(await ledger.claim('run-2', 'worker-b', new Date(now + 60_000))).toEqual({
      outcome: 'claimed',
      fence: 2,
    });
  });
});
