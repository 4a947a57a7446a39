import { PutObjectCommand } from '@aws-sdk/client-s3';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { receiveOne } from '../testing/receive-one';
import { randomBytes } from 'node:crypto';
import { BusPublisher } from '../bus/bus-publisher';
import { loadAwsConfig } from '../config/aws-config';
import { createAwsClients, type AwsClients } from '../config/aws-clients';
import { createWorker } from './create-worker';
import { deleteRealm } from './delete-realm';
import { describeRealm } from './describe-realm';
import { provisionRealm } from './provision-realm';

const aws = useAwsEndpoint();
const uniqueRealm = () => `r${randomBytes(4).toString('hex')}`;

describe('realm provisioning against the local endpoint', () => {
  let clients: AwsClients;
  beforeAll(() => {
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
  });
  afterAll(() => clients.destroy());

  it('creates a realm from nothing, idempotently, and describes it as complete', async () => {
    const realm = uniqueRealm();
    expect((await describeRealm(clients, realm)).complete).toBe(false);
    const first = await provisionRealm(clients, realm);
    expect(first.steps.filter((s) => s.action === 'created').map((s) => s.name)).toEqual(
      expect.arrayContaining([
        `lava.${realm}.jobs`,
        `lava-${realm}`,
        `lava-${realm}-dispatch`,
        `lava-${realm}-dispatch-dlq`,
        `lava-${realm}`,
      ]),
    );
    expect(first.record).toEqual({
      realm,
      s3_payloads: `s3://lava-${realm}/payloads`,
      s3_temp: `s3://lava-${realm}/tmp`,
    });
    const again = await provisionRealm(clients, realm);
    expect(again.steps.filter((s) => s.action === 'created')).toEqual([]);
    const described = await describeRealm(clients, realm);
    expect(described.missing).toEqual([]);
    expect(described.complete).toBe(true);
    await deleteRealm(clients, realm, { deleteBucket: true });
  });

  it('routes Dispatch Requested to dispatch, lava events to audit and S3 object events to s3events', async () => {
    const realm = uniqueRealm();
    await provisionRealm(clients, realm);
    await new BusPublisher(clients.eventBridge, `lava-${realm}`).publish([
      { source: 'lava.cli', detailType: 'Dispatch Requested', detail: { job_id: 'j1' } },
    ]);
    expect(JSON.parse(await receiveOne(clients, `lava-${realm}-dispatch`))).toMatchObject({
      'detail-type': 'Dispatch Requested',
      detail: { job_id: 'j1' },
    });
    expect(JSON.parse(await receiveOne(clients, `lava-${realm}-audit`))).toMatchObject({
      source: 'lava.cli',
    });
    await clients.s3.send(
      new PutObjectCommand({ Bucket: `lava-${realm}`, Key: 'payloads/in/a.csv', Body: 'x' }),
    );
    expect(JSON.parse(await receiveOne(clients, `lava-${realm}-s3events`))).toMatchObject({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      detail: { bucket: { name: `lava-${realm}` }, object: { key: 'payloads/in/a.csv' } },
    });
    await deleteRealm(clients, realm, { deleteBucket: true });
  });

  it('adds a worker fleet queue with a DLQ, and delete removes everything', async () => {
    const realm = uniqueRealm();
    await provisionRealm(clients, realm);
    const worker = await createWorker(clients, realm, 'core');
    expect(worker.steps.map((s) => [s.name, s.action])).toEqual([
      [`lava-${realm}-core-dlq`, 'created'],
      [`lava-${realm}-core`, 'created'],
    ]);
    expect((await describeRealm(clients, realm)).workers).toEqual(['core']);
    await deleteRealm(clients, realm, { deleteBucket: true });
    const after = await describeRealm(clients, realm);
    expect(after.resources.filter((r) => r.exists).map((r) => r.name)).toEqual(['lava.realms']);
    expect(after.workers).toEqual([]);
  });
});
