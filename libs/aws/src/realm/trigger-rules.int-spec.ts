import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand } from '@aws-sdk/client-sns';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { receiveOne } from '../testing/receive-one';
import type { EventRuleSpec } from '@lava/core';
import { randomBytes } from 'node:crypto';
import { loadAwsConfig } from '../config/aws-config';
import { createAwsClients, type AwsClients } from '../config/aws-clients';
import { deleteRealm } from './delete-realm';
import { describeRealm } from './describe-realm';
import { provisionRealm } from './provision-realm';
import { findTopicArn } from './provision-topic';
import { deleteTriggerRule, listTriggerRules, putTriggerRule } from './provision-trigger-rule';
import { realmNames } from './realm-names';

const aws = useAwsEndpoint();
const uniqueRealm = () => `r${randomBytes(4).toString('hex')}`;

const rule = (over: Partial<EventRuleSpec> = {}): EventRuleSpec => ({
  rule_id: 'orders',
  event_pattern: { source: ['acme.shop'], 'detail-type': ['Order Placed'] },
  job_id: 'etl/orders',
  enabled: true,
  jinja: true,
  delay: 0,
  ...over,
});

describe('rule triggers and the dispatch topic against the local endpoint', () => {
  let clients: AwsClients;
  let realm: string;
  beforeAll(async () => {
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    realm = uniqueRealm();
    await provisionRealm(clients, realm);
  });
  afterAll(async () => {
    await deleteRealm(clients, realm);
    clients.destroy();
  });

  it('provisions a rule on the realm bus whose matches reach the trigger queue wrapped with the rule id', async () => {
    const names = realmNames(realm);
    const steps = await putTriggerRule(clients, realm, rule());
    expect(steps.map((s) => s.name)).toEqual([`${names.bus}/lava.${realm}.orders`]);
    await clients.eventBridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: names.bus,
            Source: 'acme.shop',
            DetailType: 'Order Placed',
            Detail: JSON.stringify({ order_id: 'A-17' }),
          },
        ],
      }),
    );
    const body = JSON.parse(await receiveOne(clients, names.queues.s3events));
    expect(body).toEqual({
      lava_rule: 'orders',
      event: expect.objectContaining({
        source: 'acme.shop',
        'detail-type': 'Order Placed',
        detail: { order_id: 'A-17' },
      }),
    });
    expect((await describeRealm(clients, realm)).triggerRules).toEqual([
      { bus: names.bus, name: `lava.${realm}.orders`, state: 'ENABLED' },
    ]);
  });

  it('puts a rule for AWS service events on the default bus too, and takes it off again when the pattern changes', async () => {
    const names = realmNames(realm);
    await putTriggerRule(
      clients,
      realm,
      rule({ rule_id: 'ecs', event_pattern: { source: ['aws.ecs'] }, enabled: false }),
    );
    const listed = (await listTriggerRules(clients.eventBridge, names)).filter((r) =>
      r.name.endsWith('.ecs'),
    );
    expect(listed.map((r) => [r.bus, r.state]).sort()).toEqual([
      ['default', 'DISABLED'],
      [names.bus, 'DISABLED'],
    ]);
    const steps = await putTriggerRule(
      clients,
      realm,
      rule({ rule_id: 'ecs', event_pattern: { source: ['acme.ecs'] } }),
    );
    expect(steps.map((s) => `${s.action} ${s.name}`)).toEqual([
      `updated ${names.bus}/lava.${realm}.ecs`,
      `deleted default/lava.${realm}.ecs`,
    ]);
    await deleteTriggerRule(clients, realm, 'ecs');
    expect(
      (await listTriggerRules(clients.eventBridge, names)).filter((r) => r.name.endsWith('.ecs')),
    ).toEqual([]);
  });

  it('refuses a pattern EventBridge refuses, with a precise error', async () => {
    await expect(
      putTriggerRule(clients, realm, rule({ rule_id: 'bad', event_pattern: { source: 'acme.shop' } })),
    ).rejects.toMatchObject({
      code: 'EVENT_PATTERN_INVALID',
      message: expect.stringContaining('rule bad: EventBridge refused event_pattern'),
    });
  });

  it('provisions the dispatch topic, whose messages reach the dispatch queue exactly as published', async () => {
    const names = realmNames(realm);
    const arn = await findTopicArn(clients.sns, names.topics.dispatch);
    expect(arn).toMatch(new RegExp(`:lava-${realm}-dispatch$`));
    await clients.sns.send(new PublishCommand({ TopicArn: arn, Message: 'etl/load -p day=2024-05-01' }));
    expect(await receiveOne(clients, names.queues.dispatch)).toBe('etl/load -p day=2024-05-01');
    const again = await provisionRealm(clients, realm);
    expect(
      again.steps.filter((s) => s.kind === 'topic' || s.kind === 'subscription').map((s) => s.action),
    ).toEqual(['exists', 'exists']);
  });
});
