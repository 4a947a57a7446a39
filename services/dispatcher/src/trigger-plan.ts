import {
  checkTriggerConditions,
  enabledMode,
  parseDuration,
  ruleIdempotencyKey,
  s3TriggerIdempotencyKey,
  validateEventRule,
  validateS3Trigger,
  type JsonMap,
  type S3EventRecord,
  type S3TriggerSpec,
} from '@lava/core';
import type { InboundRequest } from './dispatch-body';
import { DISPATCH_REJECTION_CODES as CODES, type DispatchRejectionCode } from './errors';

/** A dispatch a trigger asks for (the run_id is assigned by the caller, per message). */
export type TriggerRequest = Required<
  Pick<
    InboundRequest,
    'job_id' | 'parameters' | 'globals' | 'delay_seconds' | 'idempotency_key' | 'requested_by'
  >
>;

/** What one trigger decided for one event. */
export type TriggerOutcome =
  | { kind: 'request'; request: TriggerRequest }
  | { kind: 'skip'; source: string; reason: string; object?: string }
  | { kind: 'reject'; source: string; job_id: string; code: DispatchRejectionCode; reason: string };

/** Rendering as the planner needs it (the Jinja renderer with a trigger or rule context). */
export interface TriggerRender {
  /** Renders a JSON value. Throws on a template error. */
  json(value: JsonMap, field: string): JsonMap;
  /** Renders one string. Throws on a template error. */
  text(template: string, field: string): string;
}

type Spec = Pick<S3TriggerSpec, 'parameters' | 'globals' | 'jinja' | 'delay'> & { job_id: string | string[] };

function reject(source: string, jobId: string, code: DispatchRejectionCode, reason: string): TriggerOutcome {
  return { kind: 'reject', source, job_id: jobId, code, reason };
}

/**
 * Renders a valid, enabled trigger or rule into one request per job id: globals, then parameters
 * (once per trigger), then each job id. A template error rejects the
 * whole trigger, naming the field.
 */
function renderRequests(
  source: string,
  spec: Spec,
  render: TriggerRender,
  key: (jobId: string) => string,
): TriggerOutcome[] {
  const jobIds = Array.isArray(spec.job_id) ? spec.job_id : [spec.job_id];
  let globals: JsonMap;
  let parameters: JsonMap;
  let rendered: string[];
  try {
    globals = spec.jinja && spec.globals ? render.json(spec.globals, 'globals') : (spec.globals ?? {});
    parameters =
      spec.jinja && spec.parameters ? render.json(spec.parameters, 'parameters') : (spec.parameters ?? {});
    rendered = jobIds.map((j) => (spec.jinja ? render.text(j, 'job_id').trim() : j));
  } catch (err) {
    return [
      reject(source, jobIds.join(','), CODES.TRIGGER_RENDER_FAILED, `${source}: ${(err as Error).message}`),
    ];
  }
  const delaySeconds = Math.trunc(parseDuration(spec.delay));
  return rendered.map((jobId) => ({
    kind: 'request',
    request: {
      job_id: jobId,
      parameters,
      globals,
      delay_seconds: delaySeconds,
      idempotency_key: key(jobId),
      requested_by: source,
    },
  }));
}

function rawJobId(raw: unknown): string {
  const j = (raw as { job_id?: unknown } | undefined)?.job_id;
  return typeof j === 'string' ? j : Array.isArray(j) ? j.join(',') : '';
}

/** A valid, enabled trigger record, or what to answer instead (rejected if invalid, skipped if disabled). */
function usable<T extends { enabled: boolean }>(
  raw: Record<string, unknown>,
  source: string,
  validate: (raw: unknown) => { value: T },
): { spec: T } | { outcomes: TriggerOutcome[] } {
  let spec: T;
  try {
    spec = validate(raw).value;
  } catch (err) {
    return {
      outcomes: [
        reject(source, rawJobId(raw), CODES.TRIGGER_INVALID, `${source}: ${(err as Error).message}`),
      ],
    };
  }
  return spec.enabled ? { spec } : { outcomes: [{ kind: 'skip', source, reason: 'disabled' }] };
}

/**
 * The dispatches one s3trigger asks for on one S3 event: an invalid trigger is
 * rejected, a disabled one skipped, failing conditions skip it, otherwise one request per job
 * id with an idempotency key from the object change.
 *
 * @example planS3Trigger(triggerItem, record, render) → [{ kind: 'request', request: { job_id: 'etl/load', ... } }]
 */
export function planS3Trigger(
  raw: Record<string, unknown>,
  record: S3EventRecord,
  render: TriggerRender,
): TriggerOutcome[] {
  const source = `s3trigger:${String(raw.trigger_id)}`;
  const checked = usable(raw, source, validateS3Trigger);
  if ('outcomes' in checked) return checked.outcomes;
  const { spec } = checked;
  let conditions;
  try {
    conditions = checkTriggerConditions(spec as unknown as Record<string, unknown>, record.info);
  } catch (err) {
    return [reject(source, rawJobId(raw), CODES.TRIGGER_INVALID, `${source}: ${(err as Error).message}`)];
  }
  if (!conditions.pass) return [{ kind: 'skip', source, reason: `${conditions.condition} not met` }];
  return renderRequests(source, spec, render, (jobId) =>
    s3TriggerIdempotencyKey(spec.trigger_id, jobId, record),
  );
}

/**
 * The dispatch a rule trigger asks for on its matched event: an invalid rule is rejected, a
 * disabled one skipped (its EventBridge rule is disabled too, but an event may be in flight).
 */
export function planRuleTrigger(
  raw: Record<string, unknown>,
  eventId: string,
  render: TriggerRender,
): TriggerOutcome[] {
  const source = `rule:${String(raw.rule_id)}`;
  const checked = usable(raw, source, validateEventRule);
  if ('outcomes' in checked) return checked.outcomes;
  return renderRequests(source, checked.spec, render, () =>
    ruleIdempotencyKey(checked.spec.rule_id, eventId),
  );
}

/**
 * A trigger's job must exist and not be disabled (the original skipped such jobs with a warning;
 * here the skip is a `Dispatch Rejected` event). A job whose `enabled` is a template is
 * dispatched: the worker decides.
 */
export function checkTriggerJob(
  request: TriggerRequest,
  job: Record<string, unknown> | undefined,
): TriggerOutcome {
  const source = request.requested_by;
  if (!job)
    return reject(
      source,
      request.job_id,
      CODES.UNKNOWN_JOB,
      `${source}: job ${request.job_id} does not exist`,
    );
  if (enabledMode(job) === 'disabled')
    return reject(source, request.job_id, CODES.JOB_DISABLED, `${source}: job ${request.job_id} is disabled`);
  return { kind: 'request', request };
}
