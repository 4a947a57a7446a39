import { parseDuration, type TemplateEngine } from '@lava/core';
import {
  buildJobContext,
  buildUtils,
  createRenderer,
  DEFAULT_RENDER_LIMITS,
  type BudgetHints,
  type BudgetOverride,
  type Renderer,
  type RenderLimits,
} from '@lava/templating';

type Dict = Record<string, unknown>;

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
  ) {
    this.renderer = createRenderer({ limits: budget.limits, budgetHints: budget.hints });
    this.timeoutMs = budget.limits?.timeoutMs ?? DEFAULT_RENDER_LIMITS.timeoutMs;
    this.hints = budget.hints ?? {};
  }

  render(template: string, context: Dict, field: string): string {
    return this.metered(context.job, (budget) =>
      this.renderer.render(template, this.jinjaContext(context), { field }, {}, budget),
    );
  }

  renderJson<T>(value: T, context: Dict, field: string): T {
    return this.metered(context.job, (budget) =>
      this.renderer.renderJsonRoundTrip<T>(value, this.jinjaContext(context), { field }, {}, budget),
    );
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

  private jinjaContext(context: Dict) {
    const { job, realm, globals, state, start, result, vars, ustart: _ustart, ...extras } = context;
    return buildJobContext({
      job: job as Dict,
      realm: (realm ?? {}) as Dict,
      globals: globals as Dict | undefined,
      state: state as Dict | undefined,
      start: start instanceof Date ? start : new Date(),
      tz: this.tz,
      ...(result !== undefined ? { result } : {}),
      ...(vars !== undefined ? { vars } : {}),
      extras: extras as Dict,
      utils: this.utils,
    });
  }
}
