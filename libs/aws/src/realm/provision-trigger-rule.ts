import {
  ListRulesCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { eventRuleName, matchesAwsServiceEvents, ruleTargetTemplate, type EventRuleSpec } from '@lava/core';
import type { AwsClients } from '../config/aws-clients';
import { awsErrorCode, LavaAwsError, translateAwsError } from '../errors';
import { deleteRoute } from './provision-bus';
import { queueArn, queueUrl } from './provision-queues';
import type { ProvisionStep } from './provision-report';
import { realmNames, type RealmNames } from './realm-names';

/** The default bus, where AWS services publish. */
const DEFAULT_BUS = 'default';

/** One EventBridge rule of a rule trigger. */
export interface TriggerRuleStatus {
  bus: string;
  name: string;
  state: string;
}

/** Buses a rule trigger is put on: the realm bus, and the default bus for AWS service events. */
export function triggerRuleBuses(names: RealmNames, spec: Pick<EventRuleSpec, 'event_pattern'>): string[] {
  return matchesAwsServiceEvents(spec.event_pattern) ? [names.bus, DEFAULT_BUS] : [names.bus];
}

async function triggerQueueArn(clients: AwsClients, names: RealmNames): Promise<string> {
  const url = await queueUrl(clients.sqs, names.queues.s3events);
  if (!url)
    throw new LavaAwsError(
      'REALM_INCOMPLETE',
      `Queue ${names.queues.s3events} does not exist: run "lava realm create ${names.realm}" first`,
    );
  return queueArn(clients.sqs, url);
}

async function putOne(
  eb: EventBridgeClient,
  spec: EventRuleSpec,
  name: string,
  bus: string,
  target: string,
): Promise<void> {
  try {
    await eb.send(
      new PutRuleCommand({
        Name: name,
        EventBusName: bus,
        EventPattern: JSON.stringify(spec.event_pattern),
        State: spec.enabled ? 'ENABLED' : 'DISABLED',
        Description: `Lava rule trigger ${spec.rule_id} -> ${spec.job_id}`.slice(0, 512),
      }),
    );
  } catch (err) {
    if (awsErrorCode(err) === 'InvalidEventPatternException' || awsErrorCode(err) === 'ValidationException') {
      throw new LavaAwsError(
        'EVENT_PATTERN_INVALID',
        `rule ${spec.rule_id}: EventBridge refused event_pattern: ${(err as Error).message}`,
        false,
        { cause: err },
      );
    }
    throw translateAwsError(err, `rule ${bus}/${name}`);
  }
  // The target wraps the whole matched event with the rule id, so the dispatcher knows which rule fired.
  const transformer = { InputTemplate: ruleTargetTemplate(spec.rule_id) };
  await eb.send(
    new PutTargetsCommand({
      Rule: name,
      EventBusName: bus,
      Targets: [{ Id: 'queue', Arn: target, InputTransformer: transformer }],
    }),
  );
}

/**
 * Create or update the EventBridge rule(s) of a rule trigger: `lava.<realm>.<rule_id>` on the realm
 * bus (and the default bus when the pattern selects AWS service events), targeting the trigger
 * queue. EventBridge checks the pattern with its own rules; a bad one is refused with
 * `EVENT_PATTERN_INVALID` before anything else changes. A rule no longer wanted on a bus is removed.
 */
export async function putTriggerRule(
  clients: AwsClients,
  realm: string,
  spec: EventRuleSpec,
): Promise<ProvisionStep[]> {
  const names = realmNames(realm);
  const name = eventRuleName(names.triggerRulePrefix, spec.rule_id);
  const target = await triggerQueueArn(clients, names);
  const wanted = triggerRuleBuses(names, spec);
  const steps: ProvisionStep[] = [];
  for (const bus of wanted) {
    await putOne(clients.eventBridge, spec, name, bus, target);
    steps.push({ kind: 'rule', name: `${bus}/${name}`, action: 'updated' });
  }
  for (const bus of [names.bus, DEFAULT_BUS].filter((b) => !wanted.includes(b))) {
    const step = await deleteRoute(clients.eventBridge, name, bus);
    if (step.action === 'deleted') steps.push(step);
  }
  return steps;
}

/** Remove a rule trigger's EventBridge rules from both buses (absent ones are fine). */
export async function deleteTriggerRule(
  clients: AwsClients,
  realm: string,
  ruleId: string,
): Promise<ProvisionStep[]> {
  const names = realmNames(realm);
  const name = eventRuleName(names.triggerRulePrefix, ruleId);
  return Promise.all([names.bus, DEFAULT_BUS].map((bus) => deleteRoute(clients.eventBridge, name, bus)));
}

/** Every rule-trigger rule of the realm on both buses (`lava.<realm>.*`). */
export async function listTriggerRules(
  eb: EventBridgeClient,
  names: RealmNames,
): Promise<TriggerRuleStatus[]> {
  const out: TriggerRuleStatus[] = [];
  for (const bus of [names.bus, DEFAULT_BUS]) {
    let token: string | undefined;
    do {
      let page;
      try {
        page = await eb.send(
          new ListRulesCommand({ EventBusName: bus, NamePrefix: names.triggerRulePrefix, NextToken: token }),
        );
      } catch (err) {
        if (awsErrorCode(err) === 'ResourceNotFoundException') break;
        throw translateAwsError(err, `rules on ${bus}`);
      }
      for (const r of page.Rules ?? []) out.push({ bus, name: r.Name ?? '', state: r.State ?? '' });
      token = page.NextToken;
    } while (token);
  }
  return out;
}
