import {
  buildJobBaseContext,
  extendJobContext,
  type BudgetOverride,
  type JobBaseContextInput,
  type JobContextOverlay,
  type Renderer,
  type Utils,
} from '@lava/templating';

type Dict = Record<string, unknown>;

/** Builds the costly part of a run's Jinja context (`buildJobBaseContext`; tests count its calls). */
export type JobBaseBuilder = (input: JobBaseContextInput) => Dict;

/** Plain-context keys the base is built from: a per-call extra that sets one needs its own base. */
const BASE_KEYS = ['job', 'globals', 'state', 'start'];

/** A plain run context as the input of its base (built once per scope) and its overlay. */
interface SplitContext {
  base: JobBaseContextInput;
  overlay: JobContextOverlay;
}

/** How a scope turns plain contexts into Jinja ones: the worker's zone, `utils` and base builder. */
export interface JinjaScopeOptions {
  renderer: Renderer;
  tz: string;
  utils: Utils;
  buildBase?: JobBaseBuilder;
}

/**
 * One bound run context (`job`, `realm`, `globals`, `state`, `start`, `result`, extras) and
 * its Jinja context: the costly base is built at the first render and reused by every later
 * one, each call's `extra` laid over it for that render only. Synchronous: it runs wherever
 * the renderer runs (a render thread in the worker).
 */
export class JinjaScope {
  private base: Dict | undefined;
  private readonly scope: SplitContext;
  private readonly buildBase: JobBaseBuilder;

  constructor(
    private readonly context: Dict,
    private readonly options: JinjaScopeOptions,
  ) {
    this.buildBase = options.buildBase ?? buildJobBaseContext;
    this.scope = this.split(context);
  }

  render(template: string, field: string, extra: Dict | undefined, budget: BudgetOverride): string {
    return this.options.renderer.render(template, this.contextFor(extra ?? {}), { field }, {}, budget);
  }

  renderJson<T>(value: T, field: string, extra: Dict | undefined, budget: BudgetOverride): T {
    return this.options.renderer.renderJsonRoundTrip(
      value,
      this.contextFor(extra ?? {}),
      { field },
      {},
      budget,
    );
  }

  /**
   * The Jinja context of one render: what building it from `{ ...context, ...extra }` gives;
   * only an extra that replaces what the base is built from costs a build of its own.
   */
  private contextFor(extra: Dict): Dict {
    if (Object.keys(extra).length === 0) return extendJobContext(this.shared(), this.scope.overlay);
    const call = this.split({ ...this.context, ...extra });
    if (BASE_KEYS.some((k) => k in extra)) return extendJobContext(this.buildBase(call.base), call.overlay);
    const ctx = extendJobContext(this.shared(), call.overlay);
    if ('realm' in extra) ctx.realm = call.base.realm;
    if (!('result' in extra)) return ctx;
    if ('result' in call.base) ctx.result = call.base.result;
    else delete ctx.result;
    return ctx;
  }

  private shared(): Dict {
    return (this.base ??= this.buildBase(this.scope.base));
  }

  private split(context: Dict): SplitContext {
    const { job, realm, globals, state, start, result, vars, ustart: _ustart, ...extras } = context;
    return {
      base: {
        job: job as Dict,
        realm: (realm ?? {}) as Dict,
        globals: globals as Dict | undefined,
        state: state as Dict | undefined,
        start: start instanceof Date ? start : new Date(),
        tz: this.options.tz,
        ...(result !== undefined ? { result } : {}),
        utils: this.options.utils,
      },
      overlay: { extras, ...(vars !== undefined ? { vars } : {}) },
    };
  }
}
