import { AwsError } from '../contracts';
import { DEFAULT_BUS, ruleArn } from './arns';
import { requireBus } from './bus-operations';
import { paginate } from './paging';
import { compileRulePattern } from './rule-index';
import { isValidScheduleExpression } from './schedule-expression';
import type { BusRecord, RegionState, RuleRecord, RuleState } from './state';
import { tagsFromInput } from './tags';
import {
  checkName,
  constraintError,
  optionalLimit,
  optionalString,
  requireString,
  RULE_NAME,
  validationError,
  type Input,
} from './validation';
import { compact, ruleToWire } from './wire';
import { toPatternError } from './pattern-errors';

const STATES: RuleState[] = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'];
const MAX_PATTERN_LENGTH = 4096;

/** The rule on the request's bus, or ResourceNotFoundException in AWS's words. */
export function requireRule(
  region: RegionState,
  input: Input,
  member = 'Name',
): { bus: BusRecord; rule: RuleRecord } {
  const name = requireString(input, member);
  const bus = requireBus(region, optionalString(input, 'EventBusName'));
  const rule = bus.rules.get(name);
  if (!rule)
    throw new AwsError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus.name}.`);
  return { bus, rule };
}

/** Create-or-update; an update replaces every rule member but keeps targets and tags (as AWS does). */
export function putRule(region: RegionState, input: Input): Record<string, unknown> {
  const name = requireString(input, 'Name');
  checkName(name, 'Name', RULE_NAME, 64);
  const eventPattern = optionalString(input, 'EventPattern');
  const scheduleExpression = optionalString(input, 'ScheduleExpression');
  const state = optionalState(input);
  if (eventPattern === undefined && scheduleExpression === undefined) {
    throw validationError('Parameter(s) EventPattern or ScheduleExpression must be specified.');
  }
  const bus = requireBus(region, optionalString(input, 'EventBusName'));
  if (scheduleExpression !== undefined) checkSchedule(scheduleExpression, bus);
  const compiled = eventPattern === undefined ? undefined : compilePattern(eventPattern);
  const existing = bus.rules.get(name);
  const rule: RuleRecord = {
    name,
    arn: ruleArn(region.scope, bus.name, name),
    busName: bus.name,
    eventPattern,
    scheduleExpression,
    // AWS replaces the whole rule: an omitted State means ENABLED, even for a disabled rule.
    state: state ?? 'ENABLED',
    description: optionalString(input, 'Description'),
    roleArn: optionalString(input, 'RoleArn'),
    createdBy: region.scope.account,
    tags: { ...existing?.tags, ...tagsFromInput(input['Tags']) },
    targets: existing?.targets ?? new Map(),
    compiled,
  };
  bus.rules.set(name, rule);
  region.touch();
  return { RuleArn: rule.arn };
}

function optionalState(input: Input): RuleState | undefined {
  const state = optionalString(input, 'State');
  if (state !== undefined && !STATES.includes(state as RuleState)) {
    throw constraintError('state', state, `Member must satisfy enum value set: [${STATES.join(', ')}]`);
  }
  return state as RuleState | undefined;
}

function checkSchedule(expression: string, bus: BusRecord): void {
  if (bus.name !== DEFAULT_BUS)
    throw validationError('ScheduleExpression is supported only on the default event bus.');
  if (!isValidScheduleExpression(expression))
    throw validationError('Parameter ScheduleExpression is not valid.');
}

function compilePattern(text: string): RuleRecord['compiled'] {
  if (text.length > MAX_PATTERN_LENGTH) {
    throw constraintError(
      'eventPattern',
      text,
      `Member must have length less than or equal to ${MAX_PATTERN_LENGTH}`,
    );
  }
  try {
    return compileRulePattern(text);
  } catch (err) {
    throw toPatternError(err);
  }
}

export function describeRule(region: RegionState, input: Input): Record<string, unknown> {
  const { rule } = requireRule(region, input);
  return compact({ ...ruleToWire(rule), CreatedBy: rule.createdBy });
}

export function setRuleState(region: RegionState, input: Input, state: RuleState): Record<string, unknown> {
  const { rule } = requireRule(region, input);
  rule.state = state;
  region.touch();
  return {};
}

export function deleteRule(region: RegionState, input: Input): Record<string, unknown> {
  const name = requireString(input, 'Name');
  const bus = requireBus(region, optionalString(input, 'EventBusName'));
  const rule = bus.rules.get(name);
  if (!rule) return {};
  if (rule.targets.size > 0) throw validationError("Rule can't be deleted since it has targets.");
  bus.rules.delete(name);
  region.touch();
  return {};
}

export function listRules(region: RegionState, input: Input): Record<string, unknown> {
  const bus = requireBus(region, optionalString(input, 'EventBusName'));
  const prefix = optionalString(input, 'NamePrefix') ?? '';
  const rules = [...bus.rules.values()].filter((r) => r.name.startsWith(prefix));
  const page = paginate(rules, (r) => r.name, optionalLimit(input), input['NextToken']);
  return { Rules: page.items.map(ruleToWire), ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}

export function listRuleNamesByTarget(region: RegionState, input: Input): Record<string, unknown> {
  const targetArn = requireString(input, 'TargetArn');
  const bus = requireBus(region, optionalString(input, 'EventBusName'));
  const rules = [...bus.rules.values()].filter((r) =>
    [...r.targets.values()].some((t) => t.Arn === targetArn),
  );
  const page = paginate(rules, (r) => r.name, optionalLimit(input), input['NextToken']);
  return {
    RuleNames: page.items.map((r) => r.name),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}
