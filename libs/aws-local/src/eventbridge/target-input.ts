import { eventWithoutDetail, type EventEnvelope } from './event-envelope';
import { renderInputTemplate } from './input-template';
import { evaluateJsonPath, parseJsonPath } from './json-path';

/** The input-shaping part of a target, as stored. */
export interface TargetInputConfig {
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
}

/** What a target's input may refer to besides the event. */
export interface DeliveryContext {
  ruleName: string;
  ruleArn: string;
  ingestionTime: Date;
  /** The event serialised once per event, shared by all targets. */
  eventJson: () => string;
}

/** Variables every template may use without a map entry (names reserved by AWS). */
export const PREDEFINED_VARIABLES = [
  'aws.events.rule-arn',
  'aws.events.rule-name',
  'aws.events.event.ingestion-time',
  'aws.events.event',
  'aws.events.event.json',
] as const;

/**
 * The message body a target receives for an event, or undefined when nothing is delivered
 * (InputPath to a missing value, a transformer that renders invalid JSON).
 */
export function renderTargetInput(
  target: TargetInputConfig,
  event: EventEnvelope,
  ctx: DeliveryContext,
): string | undefined {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) {
    const value = evaluateJsonPath(parseJsonPath(target.InputPath) ?? [], event);
    return value === undefined ? undefined : JSON.stringify(value);
  }
  if (target.InputTransformer) return renderTransformer(target.InputTransformer, event, ctx);
  return ctx.eventJson();
}

function renderTransformer(
  t: NonNullable<TargetInputConfig['InputTransformer']>,
  event: EventEnvelope,
  ctx: DeliveryContext,
): string | undefined {
  const map = t.InputPathsMap ?? {};
  return renderInputTemplate(t.InputTemplate, (name) => {
    if (Object.prototype.hasOwnProperty.call(map, name)) {
      const steps = parseJsonPath(map[name] as string) ?? [];
      return { value: evaluateJsonPath(steps, event) };
    }
    return predefined(name, event, ctx);
  });
}

function predefined(
  name: string,
  event: EventEnvelope,
  ctx: DeliveryContext,
): { value: unknown; json?: boolean } | undefined {
  switch (name) {
    case 'aws.events.rule-arn':
      return { value: ctx.ruleArn };
    case 'aws.events.rule-name':
      return { value: ctx.ruleName };
    case 'aws.events.event.ingestion-time':
      return { value: ctx.ingestionTime.toISOString() };
    case 'aws.events.event':
      return { value: eventWithoutDetail(event), json: true };
    case 'aws.events.event.json':
      return { value: event, json: true };
    default:
      return undefined;
  }
}
