import { useAwsEndpoint } from '@lava/aws-local/testing';
import { randomBytes } from 'node:crypto';
import { loadAwsConfig } from '../config/aws-config';
import { createAwsClients, type AwsClients } from '../config/aws-clients';
import { deleteRealm } from '../realm/delete-realm';
import { provisionRealm } from '../realm/provision-realm';
import { JobsChangeMarker } from './jobs-change-marker';

const aws = useAwsEndpoint();

describe('JobsChangeMarker against the local endpoint', () => {
  let clients: AwsClients;
  const realm = `m${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    await provisionRealm(clients, realm);
  });
  afterAll(async () => {
    await deleteRealm(clients, realm, { deleteBucket: true });
    clients.destroy();
  });

  it('starts at 0 and counts every touch', async () => {
    const marker = new JobsChangeMarker(clients.dynamo, realm);
    expect(await marker.version()).toBe(0);
    await marker.touch();
    await marker.touch();
    expect(await marker.version()).toBe(2);
  });
});
