import { isPlainObject, type JsonMap } from '../models/json';
import { anyString, boolLike, delay, jsonMap, nonEmptyString } from '../schemas/common.schema';
import { parseBoolean } from '../values/boolean';
import type { Duration } from '../values/duration';
import {
  checkRecord,
  checkReservedGlobals,
  finish,
  type ValidateOptions,
  type ValidationResult,
} from '../validation/record-validator';

/**
 * An EventBridge rule trigger (`lava.<realm>.rules`): events matching `event_pattern` on the realm
 * bus (and, for AWS service events, the default bus) dispatch `job_id`.
 */
export interface EventRuleSpec {
  rule_id: string;
  /** An EventBridge event pattern, checked by EventBridge itself when the rule is provisioned. */
  event_pattern: JsonMap;
  job_id: string;
  enabled: boolean;
  /** Rendered with Jinja (context: `event`, `utils`) and sent as dispatch parameters. */
  parameters?: JsonMap;
  globals?: JsonMap;
  /** Default true: render `job_id`, `parameters` and `globals`. */
  jinja: boolean;
  /** Default 0. */
  delay: Duration;
  description?: string;
  owner?: string;
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
    enabled: boolLike,
    parameters: jsonMap,
    globals: jsonMap,
    jinja: boolLike,
    delay,
    description: anyString,
    owner: anyString,
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
  const ctx = checkRecord(
    raw,
    {
      kind: 'rule',
      idField: 'rule_id',
      schema: EVENT_RULE_SCHEMA,
      required: EVENT_RULE_REQUIRED,
      ignoreExtensions: true,
    },
    opts,
  );
  checkReservedGlobals(ctx);
  const warnings = finish(ctx, 'rule');
  const rec = ctx.record;
  const value = {
    jinja: true,
    delay: 0,
    ...rec,
    enabled: parseBoolean(rec.enabled),
    ...(rec.jinja !== undefined ? { jinja: parseBoolean(rec.jinja) } : {}),
  } as EventRuleSpec;
  return { value, warnings };
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
