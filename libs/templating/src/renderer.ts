/**
 * `createRenderer()`: compiles templates once (LRU cache) and renders them with Jinja2
 * default semantics through the Python compatibility runtime.
 */
import nunjucks from 'nunjucks';
import {
  TemplateBudgetError,
  TemplateRenderError,
  UndefinedAccessError,
  type BudgetLimit,
  type RenderWhere,
} from './errors';
import { createJinjaEnvironment, type TemplateSyntax } from './environment';
import { renderJson, type JsonRenderOptions } from './json-round-trip';
import { LruCache } from './lru-cache';
import { createPythonRuntime } from './python-runtime';
import { toRenderError } from './render-error';
import {
  DEFAULT_RENDER_LIMITS,
  RenderMeter,
  UNMETERED,
  type MeterSlot,
  type RenderLimits,
} from './render-budget';

/** What to tell the author when a budget is exceeded (how to raise it), per limit. */
export type BudgetHints = Partial<Record<BudgetLimit, string>>;

/** Variables visible to a template (see the `build*Context` helpers). */
export type RenderContext = Record<string, unknown>;

export interface RendererOptions {
  /** Compiled templates kept in the LRU cache. Default 1000. */
  cacheSize?: number;
  /**
   * `'default'` (Jinja's default `Undefined`: prints as `''`) or `'strict'` (printing an
   * undefined value raises; an opt-in improvement). Default `'default'`.
   */
  undefinedMode?: 'default' | 'strict';
  /** Defaults for {@link Renderer.renderJsonRoundTrip}. */
  json?: JsonRenderOptions;
  /**
   * `'jinja'` (`{{ }}`, `{% %}`, `{# #}`; default) or `'framework'` (`<{ }>`, `<% %>`, `<# #>`,
   * the job framework's build-time delimiters, so run-time `{{ }}` passes through).
   */
  syntax?: TemplateSyntax;
  /**
   * Budget of each render (and of each JSON round trip as a whole). Defaults
   * {@link DEFAULT_RENDER_LIMITS}: 1 s and 10 million characters.
   */
  limits?: Partial<RenderLimits>;
  /** Appended to a budget failure's reason, e.g. which setting raises the limit. */
  budgetHints?: BudgetHints;
}

export interface RenderCallOptions {
  /** Keep a single trailing newline (Jinja's `keep_trailing_newline`). Default false. */
  keepTrailingNewline?: boolean;
}

/** Per-call budget: limits and hints over the renderer's (e.g. a job's shorter timeout). */
export interface BudgetOverride {
  limits?: Partial<RenderLimits>;
  hints?: BudgetHints;
}

export interface Renderer {
  /** Renders one template string. Throws {@link TemplateRenderError}. */
  render(
    template: string,
    context: RenderContext,
    where: RenderWhere,
    options?: RenderCallOptions,
    budget?: BudgetOverride,
  ): string;
  /** Renders a JSON value (action parameters, `event_log`, trigger globals); its fields share one budget. */
  renderJsonRoundTrip<T = unknown>(
    value: unknown,
    context: RenderContext,
    where: RenderWhere,
    options?: JsonRenderOptions,
    budget?: BudgetOverride,
  ): T;
  /** Cache counters, for benchmarks and health output. */
  cacheStats(): { size: number; hits: number; misses: number };
}

type RootFn = (env: unknown, ctx: unknown, frame: unknown, runtime: unknown, cb: unknown) => void;
type CompiledTemplate = nunjucks.Template & { rootRenderFunc: RootFn };

const SYNTAX = { jinja: /\{[{%#]/, framework: /<[{%#]/ };

/**
 * What a template without markup renders as, or undefined when it has markup and must be
 * rendered. Such a template renders as itself, its newlines normalised and one trailing newline
 * dropped unless kept, as Jinja does. A caller that renders elsewhere (the worker's render
 * threads) answers these without the trip.
 */
export function plainTextRendering(
  template: unknown,
  syntax: TemplateSyntax = 'jinja',
  keepTrailingNewline = false,
): string | undefined {
  if (typeof template !== 'string') return undefined;
  const source = normalise(template, keepTrailingNewline);
  return SYNTAX[syntax].test(source) ? undefined : source;
}

/** Jinja normalises newlines and drops one trailing newline unless told to keep it. */
function normalise(source: string, keepTrailingNewline: boolean): string {
  const text = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  return !keepTrailingNewline && text.endsWith('\n') ? text.slice(0, -1) : text;
}

function strictRuntime(slot: MeterSlot): object {
  const rt = createPythonRuntime(slot) as { suppressValue: (v: unknown) => string };
  const base = rt.suppressValue;
  rt.suppressValue = (v: unknown) => {
    if (v === undefined) throw new UndefinedAccessError('value');
    return base(v);
  };
  return rt;
}

/** A budget failure's reason, with the hint that says how to raise the limit. */
function withHint(err: TemplateRenderError, hints: BudgetHints): TemplateRenderError {
  const limit = err.cause instanceof TemplateBudgetError ? err.cause.limit : undefined;
  const hint = limit && hints[limit];
  if (!hint) return err;
  const { field, template, line, column, cause } = err;
  return new TemplateRenderError({ field, template, line, column, cause, reason: `${err.reason}; ${hint}` });
}

/**
 * Creates a renderer. Renderers are independent (own cache and environment); share one per process.
 *
 * @example
 * ```ts
 * const r = createRenderer();
 * r.render("{{ start.strftime('%Y-%m-%d') }}", ctx, { field: 'enabled' }); // '2024-05-01'
 * r.renderJsonRoundTrip({ day: '{{ (start - utils.timedelta(days=1)).date() }}' }, ctx, { field: 'parameters' });
 * ```
 */
export function createRenderer(options: RendererOptions = {}): Renderer {
  const slot: MeterSlot = { current: UNMETERED };
  const env = createJinjaEnvironment(options.syntax, slot);
  const runtime = options.undefinedMode === 'strict' ? strictRuntime(slot) : createPythonRuntime(slot);
  // A template that does not compile is cached as its error (parse errors are costly to build).
  const cache = new LruCache<string, CompiledTemplate | { failure: unknown }>(options.cacheSize ?? 1000);
  const limits = { ...DEFAULT_RENDER_LIMITS, ...options.limits };
  const meterFor = (budget?: BudgetOverride) => new RenderMeter({ ...limits, ...budget?.limits });
  const hintsFor = (budget?: BudgetOverride) => ({ ...options.budgetHints, ...budget?.hints });

  const compile = (source: string): CompiledTemplate => {
    const hit = cache.get(source);
    if (hit && 'failure' in hit) throw hit.failure;
    if (hit) return hit;
    let tmpl: CompiledTemplate;
    try {
      tmpl = new nunjucks.Template(source, env, undefined, true) as CompiledTemplate;
    } catch (err) {
      cache.set(source, { failure: err });
      throw err;
    }
    const root = tmpl.rootRenderFunc;
    // Swap in the Python runtime; blocks and macros receive it from the root function.
    tmpl.rootRenderFunc = (e, ctx, frame, _rt, cb) => root(e, ctx, frame, runtime, cb);
    cache.set(source, tmpl);
    return tmpl;
  };

  /** Renders under `meter` (restoring the outer meter: renders do not nest today, but may). */
  const metered = (source: string, context: RenderContext, meter: RenderMeter): string => {
    const outer = slot.current;
    slot.current = meter;
    try {
      return compile(source).render(context);
    } finally {
      slot.current = outer;
    }
  };

  const renderUnder = (
    meter: RenderMeter,
    hints: BudgetHints,
    template: string,
    context: RenderContext,
    where: RenderWhere,
    call: RenderCallOptions = {},
  ): string => {
    if (typeof template !== 'string') {
      throw new TemplateRenderError({
        field: where.field,
        template: String(template),
        reason: `template must be a string, not ${typeof template}`,
      });
    }
    const plain = plainTextRendering(template, options.syntax, call.keepTrailingNewline);
    if (plain !== undefined) return plain;
    const source = normalise(template, call.keepTrailingNewline ?? false);
    try {
      return metered(source, context, meter);
    } catch (err) {
      throw withHint(toRenderError(err, where.field, template), hints);
    }
  };

  return {
    render: (template, context, where, call, budget) =>
      renderUnder(meterFor(budget), hintsFor(budget), template, context, where, call),
    renderJsonRoundTrip: <T>(
      value: unknown,
      context: RenderContext,
      where: RenderWhere,
      json?: JsonRenderOptions,
      budget?: BudgetOverride,
    ) => {
      const meter = meterFor(budget);
      const hints = hintsFor(budget);
      return renderJson(
        value,
        (t, field, keep) => renderUnder(meter, hints, t, context, { field }, { keepTrailingNewline: keep }),
        where,
        { ...options.json, ...json },
      ) as T;
    },
    cacheStats: () => ({ size: cache.size, hits: cache.hits, misses: cache.misses }),
  };
}

export { TemplateRenderError };
