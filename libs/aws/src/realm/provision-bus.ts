import {
  CreateEventBusCommand,
  DescribeEventBusCommand,
  DeleteRuleCommand,
  DescribeRuleCommand,
  PutRuleCommand,
  RemoveTargetsCommand,
  PutTargetsCommand,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { awsErrorCode, isNotFound, translateAwsError } from '../errors';
import { removeResource, type ProvisionStep } from './provision-report';

/** A rule routing events from a bus to one SQS queue. */
export interface RouteSpec {
  rule: string;
  /** `default` for AWS service events such as S3's. */
  bus: string;
  pattern: Record<string, unknown>;
  queueArn: string;
  description: string;
}

/** True when the bus exists. */
export async function busExists(eb: EventBridgeClient, name: string): Promise<boolean> {
  try {
    await eb.send(new DescribeEventBusCommand({ Name: name }));
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw translateAwsError(err, `event bus ${name}`);
  }
}

/** Create the custom bus unless it exists. */
export async function ensureBus(eb: EventBridgeClient, name: string): Promise<ProvisionStep> {
  if (await busExists(eb, name)) return { kind: 'bus', name, action: 'exists' };
  try {
    await eb.send(new CreateEventBusCommand({ Name: name }));
    return { kind: 'bus', name, action: 'created' };
  } catch (err) {
    // A concurrent `realm create` made it first.
    if (awsErrorCode(err) === 'ResourceAlreadyExistsException')
      return { kind: 'bus', name, action: 'exists' };
    throw translateAwsError(err, `event bus ${name}`);
  }
}

/** ARN of a rule, or `undefined` when it does not exist. */
export async function ruleArn(eb: EventBridgeClient, rule: string, bus: string): Promise<string | undefined> {
  try {
    return (await eb.send(new DescribeRuleCommand({ Name: rule, EventBusName: bus }))).Arn;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw translateAwsError(err, `rule ${rule}`);
  }
}

/**
 * Create or update a rule and point it at its queue. PutRule and PutTargets are upserts, so
 * re-running converges on the intended pattern. Returns the rule ARN for the queue policy.
 */
export async function ensureRoute(
  eb: EventBridgeClient,
  spec: RouteSpec,
): Promise<{ arn: string; step: ProvisionStep }> {
  const existed = (await ruleArn(eb, spec.rule, spec.bus)) !== undefined;
  const out = await eb.send(
    new PutRuleCommand({
      Name: spec.rule,
      EventBusName: spec.bus,
      EventPattern: JSON.stringify(spec.pattern),
      State: 'ENABLED',
      Description: spec.description,
    }),
  );
  await eb.send(
    new PutTargetsCommand({
      Rule: spec.rule,
      EventBusName: spec.bus,
      Targets: [{ Id: 'queue', Arn: spec.queueArn }],
    }),
  );
  return {
    arn: out.RuleArn ?? '',
    step: { kind: 'rule', name: `${spec.bus}/${spec.rule}`, action: existed ? 'exists' : 'created' },
  };
}

/** Remove a rule and its queue target; an absent rule counts as done. */
export async function deleteRoute(eb: EventBridgeClient, rule: string, bus: string): Promise<ProvisionStep> {
  return removeResource('rule', `${bus}/${rule}`, async () => {
    // A rule with targets cannot be deleted.
    await eb.send(new RemoveTargetsCommand({ Rule: rule, EventBusName: bus, Ids: ['queue'] }));
    await eb.send(new DeleteRuleCommand({ Name: rule, EventBusName: bus }));
  });
}
