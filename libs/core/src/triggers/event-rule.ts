import { isPlainObject, type JsonMap } from '../models/json';
import type { TriggerDispatchFields } from '../models/s3trigger';
import { jsonMap, nonEmptyString } from '../schemas/common.schema';
import { TRIGGER_DISPATCH_PROPERTIES } from '../schemas/s3trigger.schema';
import type { ValidateOptions, ValidationResult } from '../validation/record-validator';
import { validateTriggerRecord } from '../validation/validate-s3trigger';

/**
 * An EventBridge rule trigger (`lava.<realm>.rules`): events matching `event_pattern` on the realm
 * bus (and, for AWS service events, the default bus) dispatch `job_id`. `parameters`, `globals`
 * and `job_id` are rendered with the context `event` (the whole matched event) and `utils`.
 */
export interface EventRuleSpec extends TriggerDispatchFields {
  rule_id: string;
  /** An EventBridge event pattern, checked by EventBridge itself when the rule is provisioned. */
  event_pattern: JsonMap;
  job_id: string;
}

/** Longest EventBridge rule name. */
const RULE_NAME_MAX = 64;

/** Rule ids are part of EventBridge rule names (`[.\-_A-Za-z0-9]+`, at most 64 with the prefix). */
export const EVENT_RULE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const EVENT_RULE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rule_id: { type: 'string', pattern: EVENT_RULE_ID_PATTERN.source, maxLength: 47 },
    event_pattern: { ...jsonMap, minProperties: 1 },
    job_id: nonEmptyString,
    ...TRIGGER_DISPATCH_PROPERTIES,
  },
} as const;

const EVENT_RULE_REQUIRED = ['rule_id', 'event_pattern', 'job_id', 'enabled'] as const;

/**
 * Validates a rule record. Unknown keys are errors, `x-*` keys are ignored, globals may not start
 * with `lava`. The pattern's own grammar is EventBridge's to judge (PutRule refuses a bad one).
 *
 * @throws ValidationError listing every problem.
 */
export function validateEventRule(raw: unknown, opts: ValidateOptions = {}): ValidationResult<EventRuleSpec> {
  const rules = {
    kind: 'rule',
    idField: 'rule_id',
    schema: EVENT_RULE_SCHEMA,
    required: EVENT_RULE_REQUIRED,
  };
  return validateTriggerRecord<EventRuleSpec>(raw, rules, opts);
}

/**
 * EventBridge rule name of a rule trigger: `lava.<realm>.<rule_id>` (the `lava.<realm>.` prefix
 * scopes IAM, as the original's rules did).
 *
 * @throws RangeError when the name would exceed EventBridge's 64 characters.
 */
export function eventRuleName(rulePrefix: string, ruleId: string): string {
  const name = `${rulePrefix}${ruleId}`;
  if (name.length > RULE_NAME_MAX)
    throw new RangeError(
      `rule_id ${ruleId}: EventBridge rule name ${name} exceeds ${RULE_NAME_MAX} characters`,
    );
  return name;
}

/**
 * True when the pattern selects AWS service events (every `source` value is `aws.*`), which
 * arrive on the default bus only; such rules are put on the default bus as well as the realm's.
 */
export function matchesAwsServiceEvents(pattern: JsonMap): boolean {
  const sources = pattern.source;
  if (!Array.isArray(sources) || sources.length === 0) return false;
  return sources.every(
    (s) =>
      (typeof s === 'string' && s.startsWith('aws.')) ||
      (isPlainObject(s) && typeof s.prefix === 'string' && s.prefix.startsWith('aws.')),
  );
}

/** Key wrapping the matched event on the trigger queue: `{"lava_rule": "<rule_id>", "event": {...}}`. */
export const RULE_EVENT_KEY = 'lava_rule';

/**
 * EventBridge InputTransformer template of a rule's target: the rule id plus the whole matched
 * event (`aws.events.event.json`: `aws.events.event` lacks `detail`), so the dispatcher knows which
 * rule fired without re-matching.
 */
export function ruleTargetTemplate(ruleId: string): string {
  return `{"${RULE_EVENT_KEY}": ${JSON.stringify(ruleId)}, "event": <aws.events.event.json>}`;
}

/** Idempotency key of a rule's dispatch: one run per (rule, EventBridge event id). */
export function ruleIdempotencyKey(ruleId: string, eventId: string): string {
  return `rule/${ruleId}/${eventId}`;
}
