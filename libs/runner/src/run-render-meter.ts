import { parseDuration } from '@lava/core';
import type { BudgetHints, BudgetOverride } from '@lava/templating';

type Dict = Record<string, unknown>;

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
 * Render time spent per run (keyed by the run's job object, so it goes with the run): the
 * time budget is the run's in total, not each render's, or a job with many fields could hold
 * a render thread for many budgets in a row.
 */
export class RunRenderMeter {
  private readonly spent = new WeakMap<object, number>();

  constructor(
    private readonly timeoutMs: number,
    private readonly hints: BudgetHints,
  ) {}

  /** The budget of `job`'s next render. */
  budgetFor(job: unknown): BudgetOverride {
    const key = keyOf(job);
    return jobRenderBudget(job, this.timeoutMs - ((key && this.spent.get(key)) ?? 0), this.hints);
  }

  /** Charges `ms` of render time to `job`'s run. */
  charge(job: unknown, ms: number): void {
    const key = keyOf(job);
    if (key) this.spent.set(key, (this.spent.get(key) ?? 0) + ms);
  }
}

function keyOf(job: unknown): object | undefined {
  return typeof job === 'object' && job !== null ? job : undefined;
}
