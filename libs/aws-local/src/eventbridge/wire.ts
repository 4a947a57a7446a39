import type { BusRecord, RuleRecord } from './state';

/** awsJson timestamps are epoch seconds as numbers. */
export const epochSeconds = (d: Date): number => d.getTime() / 1000;

/** Drops undefined members: the JSON protocol omits absent members rather than sending null. */
export function compact(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out;
}

export function busToWire(bus: BusRecord): Record<string, unknown> {
  return compact({
    Name: bus.name,
    Arn: bus.arn,
    Description: bus.description,
    CreationTime: epochSeconds(bus.creationTime),
    LastModifiedTime: epochSeconds(bus.lastModifiedTime),
  });
}

export function ruleToWire(rule: RuleRecord): Record<string, unknown> {
  return compact({
    Name: rule.name,
    Arn: rule.arn,
    EventPattern: rule.eventPattern,
    ScheduleExpression: rule.scheduleExpression,
    State: rule.state,
    Description: rule.description,
    RoleArn: rule.roleArn,
    EventBusName: rule.busName,
  });
}
