import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { randomBytes } from 'node:crypto';
import { loadAwsConfig } from '../config/aws-config';
import { createAwsClients, type AwsClients } from '../config/aws-clients';
import { deleteRealm } from '../realm/delete-realm';
import { provisionRealm } from '../realm/provision-realm';
import { EventsRepository } from './events.repository';
import { JobsRepository } from './jobs.repository';
import { StateRepository } from './state.repository';
import { TriggersRepository } from './triggers.repository';

const aws = useAwsEndpoint();

describe('repositories against the local endpoint', () => {
  let clients: AwsClients;
  const realm = `r${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    await provisionRealm(clients, realm);
  });
  afterAll(async () => {
    await deleteRealm(clients, realm, { deleteBucket: true });
    clients.destroy();
  });

  it('jobs: put stamps a change time; dispatcher index; delete reports presence', async () => {
    const jobs = new JobsRepository(clients.dynamo, realm);
    const before = new Date(Date.now() - 1000);
    await jobs.put({ job_id: 'a', type: 'cmd', worker: 'core', payload: null, dispatcher: 'main' });
    await jobs.put({ job_id: 'b', type: 'cmd', worker: 'core', payload: null });
    expect((await jobs.listByDispatcher('main')).map((j) => j.job_id)).toEqual(['a']);
    expect((await jobs.changedSince(before)).map((j) => j.job_id).sort()).toEqual(['a', 'b']);
    expect((await jobs.list()).map((j) => j.job_id)).toEqual(['a', 'b']);
    expect(await jobs.delete('b')).toBe(true);
    expect(await jobs.delete('b')).toBe(false);
  });

  it('triggers: several may share a (bucket, prefix) location', async () => {
    const triggers = new TriggersRepository(clients.dynamo, realm);
    await triggers.put({ trigger_id: 't1', bucket: 'bk', prefix: 'in/csv', job_id: 'a', enabled: true });
    await triggers.put({ trigger_id: 't2', bucket: 'bk', prefix: 'in/csv', job_id: 'b', enabled: true });
    expect((await triggers.listByLocation('bk', 'in/csv')).map((t) => t.trigger_id).sort()).toEqual([
      't1',
      't2',
    ]);
  });

  it('state: json round trip with publisher', async () => {
    const state = new StateRepository(clients.dynamo, realm);
    await state.putState({ state_id: 's', value: { n: 1 }, publisher: 'test' });
    expect(await state.getState('s')).toMatchObject({ value: { n: 1 }, type: 'json', publisher: 'test' });
  });

  it('run history: reads by run and by time; writes are idempotent and order-safe', async () => {
    const events = new EventsRepository(clients.dynamo, realm);
    const run = (run_id: string, status: string, tu_event: string) =>
      clients.dynamo.send(
        new PutCommand({
          TableName: `lava.${realm}.events`,
          Item: { job_id: 'a', run_id, status, tu_event },
        }),
      );
    await run('r1', 'complete', '2024-05-01T00:00:00');
    await run('r2', 'failed', '2024-05-02T00:00:00');
    await run('r3', 'complete', '2024-05-03T00:00:00');
    expect(await events.getRun('a', 'r2')).toMatchObject({ status: 'failed' });
    expect((await events.listRuns('a')).map((r) => r.run_id)).toEqual(['r3', 'r2', 'r1']);
    expect((await events.listRuns('a', 2)).map((r) => r.run_id)).toEqual(['r3', 'r2']);
    expect(
      (await events.recent({ statuses: ['complete'], since: '2024-05-02T00:00:00' })).map((r) => r.run_id),
    ).toEqual(['r3']);
  });
});
