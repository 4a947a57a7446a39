import { LavaError } from '@lava/errors';
/**
 * Typed errors of `@lava/templating`. Every error has a stable `code` so callers
 * (workers, the s3trigger adapter, the CLI) can map it without parsing messages.
 */

/** Base class for every error thrown by this library. */
export abstract class TemplatingError extends LavaError {
  override readonly name: string = this.constructor.name;
  /** Each subclass sets its own stable code. */
  abstract override readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super('TEMPLATE_ERROR', message, options);
  }
}

/** Where a template came from, for error messages (e.g. `enabled`, `on_success[0].message`). */
export interface RenderWhere {
  field: string;
}

/** Longest template excerpt quoted in an error; templates can be whole SQL files. */
export const TEMPLATE_EXCERPT_MAX = 200;

/** Cuts a template to {@link TEMPLATE_EXCERPT_MAX} characters for messages. */
export function excerpt(template: string, max = TEMPLATE_EXCERPT_MAX): string {
  return template.length <= max ? template : `${template.slice(0, max)}…`;
}

/**
 * A template failed to compile or render, or its JSON round trip did not parse.
 * The message names the field, the (truncated) template and the cause, with the
 * line and column when the engine reports them. Values from the context are never
 * included, so a secret in `globals` cannot leak through an error.
 */
export class TemplateRenderError extends TemplatingError {
  override readonly code = 'TEMPLATE_RENDER_FAILED';
  readonly field: string;
  readonly template: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly reason: string;

  constructor(args: {
    field: string;
    template: string;
    reason: string;
    line?: number;
    column?: number;
    cause?: unknown;
  }) {
    const pos =
      args.line !== undefined
        ? ` (line ${args.line}${args.column !== undefined ? `, column ${args.column}` : ''})`
        : '';
    super(
      `Cannot render ${args.field}: ${args.reason}${pos} in template ${JSON.stringify(excerpt(args.template))}`,
      {
        cause: args.cause,
      },
    );
    this.field = args.field;
    this.template = excerpt(args.template);
    this.line = args.line;
    this.column = args.column;
    this.reason = args.reason;
  }
}

/**
 * Raised inside a render by the Python compatibility layer (bad argument, unsupported
 * operand...). It surfaces to callers wrapped in a {@link TemplateRenderError}.
 */
export class PyCompatError extends TemplatingError {
  override readonly code = 'TEMPLATE_PY_ERROR';
  /** Python exception class the original would have raised (`TypeError`, `ValueError`...). */
  readonly pyType: string;
  constructor(pyType: string, message: string) {
    super(`${pyType}: ${message}`);
    this.pyType = pyType;
  }
}

/** Jinja's `UndefinedError`: attribute or item access on an undefined value. */
export class UndefinedAccessError extends TemplatingError {
  override readonly code = 'TEMPLATE_UNDEFINED';
  constructor(name: string) {
    super(`UndefinedError: attribute or item '${name}' of an undefined value`);
  }
}

/** A context builder was given an unusable input (for example a non-map `vars`). */
export class TemplateContextError extends TemplatingError {
  override readonly code = 'TEMPLATE_CONTEXT_INVALID';
  constructor(message: string) {
    super(message);
  }
}

/** Which budget a render ran out of: its time, its string size or its list size. */
export type BudgetLimit = 'time' | 'output' | 'items';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function budgetMessage(limit: BudgetLimit, budget: number, used: number): string {
  if (limit === 'time')
    return `render time budget exceeded: stopped after ${fmt(used)} ms (budget ${fmt(budget)} ms)`;
  if (limit === 'output')
    return `render size budget exceeded: a string of ${fmt(used)} characters (budget ${fmt(budget)})`;
  return `render size budget exceeded: a list of ${fmt(used)} items (limit ${fmt(budget)})`;
}

/**
 * A render went over its budget (see `RenderLimits`). Surfaces wrapped in a
 * {@link TemplateRenderError} that names the field; `limit` says which budget.
 */
export class TemplateBudgetError extends TemplatingError {
  override readonly code = 'TEMPLATE_BUDGET_EXCEEDED';
  constructor(
    readonly limit: BudgetLimit,
    readonly budget: number,
    readonly used: number,
  ) {
    super(budgetMessage(limit, budget, used));
  }
}
