/**
 * `@lava/templating`: Jinja-compatible rendering for Lava on nunjucks.
 *
 * @example
 * ```ts
 * import { buildJobContext, createRenderer } from '@lava/templating';
 *
 * const renderer = createRenderer();
 * const ctx = buildJobContext({ job, realm, start: new Date(), tz: 'Australia/Sydney' });
 * renderer.render("{{ (start - utils.timedelta(days=1)).strftime('%Y-%m-%d') }}", ctx, { field: 'parameters.vars.day' });
 * renderer.renderJsonRoundTrip({ at: '{{ ustart.isoformat() }}' }, ctx, { field: 'event_log' });
 * ```
 */
export { createRenderer, plainTextRendering } from './renderer';
export { templateSyntaxError } from './syntax-check';
export type {
  BudgetHints,
  BudgetOverride,
  Renderer,
  RendererOptions,
  RenderCallOptions,
  RenderContext,
} from './renderer';
export { DEFAULT_RENDER_LIMITS, MAX_SEQUENCE_ITEMS } from './render-budget';
export type { RenderLimits } from './render-budget';
export type { JsonRenderOptions } from './json-round-trip';
export type { TemplateSyntax } from './environment';
export {
  buildActionContext,
  buildConnAppNameContext,
  buildGlobals,
  buildJobBaseContext,
  buildJobContext,
  buildStateOutputContext,
  extendJobContext,
  buildTriggerContext,
  toPyDatetime,
} from './context';
export type {
  JobBaseContextInput,
  JobContextInput,
  JobContextOverlay,
  RecordLike,
  TriggerContextInput,
  TimestampLike,
} from './context';
export { buildUtils, s3bucket, s3key } from './utils';
export type { Utils, UtilsDeps } from './utils';
export { evaluateEnabled } from './enabled';
export type { EnabledDecision } from './enabled';
export {
  PyCompatError,
  TemplateBudgetError,
  TemplateContextError,
  TemplateRenderError,
  TemplatingError,
  UndefinedAccessError,
  TEMPLATE_EXCERPT_MAX,
} from './errors';
export type { BudgetLimit, RenderWhere } from './errors';
export { PyDate, PyTime } from './py/date';
export { PyDatetime } from './py/datetime';
export { PyTimedelta } from './py/timedelta';
export { PyRelativedelta } from './py/relativedelta';
export { pyStr } from './py/values';
