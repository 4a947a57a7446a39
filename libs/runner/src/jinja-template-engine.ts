import { parseDuration, type RunRenderer, type TemplateEngine } from '@lava/core';
import {
  buildJobBaseContext,
  buildUtils,
  extendJobContext,
  createRenderer,
  DEFAULT_RENDER_LIMITS,
  type BudgetHints,
  type BudgetOverride,
  type JobBaseContextInput,
  type JobContextOverlay,
  type Renderer,
  type RenderLimits,
} from '@lava/templating';

type Dict = Record<string, unknown>;

/** Builds the costly part of a run's Jinja context (`buildJobBaseContext`; tests count its calls). */
export type JobBaseBuilder = (input: JobBaseContextInput) => Dict;

/** Plain-context keys the base is built from: a per-call extra that sets one needs its own base. */
const BASE_KEYS = ['job', 'globals', 'state', 'start'];

/** A plain run context as the base input (built once per scope) and the per-render overlay. */
interface SplitContext {
  base: JobBaseContextInput;
  overlay: JobContextOverlay;
}

/** The render budget of a worker: limits and what to tell a job's author to raise them. */
export interface RenderBudgetOptions {
  limits?: Partial<RenderLimits>;
  hints?: BudgetHints;
}

/**
 * The time budget of one render for `job`: what is left of the run's render budget, cut to
 * the job's own `parameters.timeout` when that is shorter (a render never outlives the job).
 */
export function jobRenderBudget(job: unknown, remainingMs: number, hints: BudgetHints = {}): BudgetOverride {
  const raw = ((job as Dict | undefined)?.parameters as Dict | undefined)?.timeout;
  let jobMs = Infinity;
  try {
    if (raw !== undefined) jobMs = parseDuration(raw) * 1000;
  } catch {
    // The handler reports a bad timeout precisely; rendering keeps the worker's budget.
  }
  if (jobMs > 0 && jobMs < remainingMs) {
    return {
      limits: { timeoutMs: jobMs },
      hints: { time: `the job's timeout (${String(raw)}) is shorter than the worker's render budget` },
    };
  }
  return { limits: { timeoutMs: Math.max(0, remainingMs) }, hints };
}

/**
 * The runner's TemplateEngine over @lava/templating: turns the runner's plain context
 * (`job`, `realm`, `globals`, `state`, `start`, `result`, `vars`, extras) into the
 * Python-compatible Jinja context and renders with Lava's semantics, within the render budget.
 * A bound scope builds the costly part of that context once, at its first render, and lays
 * each call's extras over it.
 */
export class JinjaTemplateEngine implements TemplateEngine {
  private readonly renderer: Renderer;
  private readonly utils = buildUtils();
  private readonly timeoutMs: number;
  private readonly hints: BudgetHints;
  /**
   * Render time spent per run (keyed by the run's job object, so it goes with the run):
   * renders are synchronous, so the time budget is the run's in total, not each render's,
   * or a job with many fields could hold the worker for many budgets in a row.
   */
  private readonly spent = new WeakMap<object, number>();

  constructor(
    private readonly tz = 'UTC',
    budget: RenderBudgetOptions = {},
    private readonly now: () => number = Date.now,
    private readonly buildBase: JobBaseBuilder = buildJobBaseContext,
  ) {
    this.renderer = createRenderer({ limits: budget.limits, budgetHints: budget.hints });
    this.timeoutMs = budget.limits?.timeoutMs ?? DEFAULT_RENDER_LIMITS.timeoutMs;
    this.hints = budget.hints ?? {};
  }

  bind(context: Dict): RunRenderer {
    const scope = this.split(context);
    let base: Dict | undefined;
    const jinja = (extra?: Dict) =>
      this.contextFor(context, scope, extra ?? {}, () => (base ??= this.buildBase(scope.base)));
    const job = (extra?: Dict) => (extra && 'job' in extra ? extra.job : context.job);
    return {
      render: (template, field, extra) =>
        this.metered(job(extra), (budget) =>
          this.renderer.render(template, jinja(extra), { field }, {}, budget),
        ),
      renderJson: (value, field, extra) =>
        this.metered(job(extra), (budget) =>
          this.renderer.renderJsonRoundTrip(value, jinja(extra), { field }, {}, budget),
        ),
    };
  }

  /**
   * The Jinja context of one render: the scope's base with `extra` laid over it. The result is
   * what building it from `{ ...context, ...extra }` gives; only an extra that replaces what the
   * base is built from (`job`, `globals`, `state`, `start`) costs a build of its own.
   */
  private contextFor(context: Dict, scope: SplitContext, extra: Dict, base: () => Dict): Dict {
    if (Object.keys(extra).length === 0) return extendJobContext(base(), scope.overlay);
    const call = this.split({ ...context, ...extra });
    if (BASE_KEYS.some((k) => k in extra)) return extendJobContext(this.buildBase(call.base), call.overlay);
    const ctx = extendJobContext(base(), call.overlay);
    if ('realm' in extra) ctx.realm = call.base.realm;
    if (!('result' in extra)) return ctx;
    if ('result' in call.base) ctx.result = call.base.result;
    else delete ctx.result;
    return ctx;
  }

  private metered<T>(job: unknown, render: (budget: BudgetOverride) => T): T {
    const key = typeof job === 'object' && job !== null ? job : undefined;
    const used = (key && this.spent.get(key)) ?? 0;
    const started = this.now();
    try {
      return render(jobRenderBudget(job, this.timeoutMs - used, this.hints));
    } finally {
      if (key) this.spent.set(key, used + (this.now() - started));
    }
  }

  /** `context` as the input of its base and its overlay. */
  private split(context: Dict): SplitContext {
    const { job, realm, globals, state, start, result, vars, ustart: _ustart, ...extras } = context;
    return {
      base: {
        job: job as Dict,
        realm: (realm ?? {}) as Dict,
        globals: globals as Dict | undefined,
        state: state as Dict | undefined,
        start: start instanceof Date ? start : new Date(),
        tz: this.tz,
        ...(result !== undefined ? { result } : {}),
        utils: this.utils,
      },
      overlay: { extras, ...(vars !== undefined ? { vars } : {}) },
    };
  }
}
