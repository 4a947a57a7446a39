import type { RunRenderer, TemplateEngine } from '@lava/core';
import {
  buildUtils,
  createRenderer,
  DEFAULT_RENDER_LIMITS,
  type BudgetHints,
  type BudgetOverride,
  type Renderer,
  type RenderLimits,
} from '@lava/templating';
import { JinjaScope, type JobBaseBuilder } from './jinja-scope';
import { RunRenderMeter } from './run-render-meter';

export { jobRenderBudget } from './run-render-meter';
export type { JobBaseBuilder } from './jinja-scope';

type Dict = Record<string, unknown>;

/** The render budget of a worker: limits and what to tell a job's author to raise them. */
export interface RenderBudgetOptions {
  limits?: Partial<RenderLimits>;
  hints?: BudgetHints;
}

/**
 * The runner's TemplateEngine over @lava/templating, rendering on the calling thread: turns
 * the runner's plain context (`job`, `realm`, `globals`, `state`, `start`, `result`, `vars`,
 * extras) into the Python-compatible Jinja context and renders with Lava's semantics, within
 * the run's render budget. A render holds the event loop for its duration: the worker renders
 * through `RenderThreadPool` instead, whose threads use this engine's `JinjaScope`.
 */
export class JinjaTemplateEngine implements TemplateEngine {
  private readonly renderer: Renderer;
  private readonly utils = buildUtils();
  private readonly meter: RunRenderMeter;

  constructor(
    private readonly tz = 'UTC',
    budget: RenderBudgetOptions = {},
    private readonly now: () => number = Date.now,
    private readonly buildBase?: JobBaseBuilder,
  ) {
    this.renderer = createRenderer({ limits: budget.limits, budgetHints: budget.hints });
    this.meter = new RunRenderMeter(
      budget.limits?.timeoutMs ?? DEFAULT_RENDER_LIMITS.timeoutMs,
      budget.hints ?? {},
    );
  }

  bind(context: Dict): RunRenderer {
    const scope = new JinjaScope(context, {
      renderer: this.renderer,
      tz: this.tz,
      utils: this.utils,
      buildBase: this.buildBase,
    });
    const job = (extra?: Dict) => (extra && 'job' in extra ? extra.job : context.job);
    return {
      render: async (template, field, extra) =>
        this.metered(job(extra), (budget) => scope.render(template, field, extra, budget)),
      renderJson: async (value, field, extra) =>
        this.metered(job(extra), (budget) => scope.renderJson(value, field, extra, budget)),
    };
  }

  private metered<T>(job: unknown, render: (budget: BudgetOverride) => T): T {
    const started = this.now();
    try {
      return render(this.meter.budgetFor(job));
    } finally {
      this.meter.charge(job, this.now() - started);
    }
  }
}
