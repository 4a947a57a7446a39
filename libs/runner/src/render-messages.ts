/**
 * Messages between the worker's main thread and its render threads (`RenderThreadPool`,
 * `render-thread.ts`), and how errors cross: as data, rebuilt on the main thread into the
 * classes callers check (`TemplateRenderError` with its `TemplateBudgetError` cause...).
 */
import { LavaError } from '@lava/core';
import {
  TemplateBudgetError,
  TemplateContextError,
  TemplateRenderError,
  type BudgetHints,
  type BudgetLimit,
  type BudgetOverride,
  type RenderLimits,
} from '@lava/templating';

type Dict = Record<string, unknown>;

/** What a render thread is started with (`workerData`). */
export interface RenderThreadData {
  tz: string;
  limits: Partial<RenderLimits>;
  hints: BudgetHints;
}

/** One render: `context` is sent only the first time a thread sees `scope`. */
export interface RenderRequest {
  type: 'render';
  id: number;
  scope: number;
  context?: Dict;
  kind: 'text' | 'json';
  template: unknown;
  field: string;
  extra?: Dict;
  budget: BudgetOverride;
}

/** The thread forgets `scope` (the main thread keeps a bounded number per thread). */
export interface DropRequest {
  type: 'drop';
  scope: number;
}

export type ToRenderThread = RenderRequest | DropRequest;

export type FromRenderThread =
  | { type: 'ready' }
  | { type: 'done'; id: number; elapsedMs: number; value: unknown }
  | { type: 'failed'; id: number; elapsedMs: number; error: ErrorData };

/** A render error as data. */
export interface ErrorData {
  name: string;
  message: string;
  render?: { field: string; template: string; reason: string; line?: number; column?: number };
  budget?: { limit: BudgetLimit; budget: number; used: number };
}

/** A render thread died or failed outside a template (its error is the cause). */
export class RenderThreadError extends LavaError {
  override readonly name = 'RenderThreadError';
  constructor(message: string, cause?: unknown) {
    super('RENDER_THREAD_FAILED', message, { cause });
  }
}

/** `err` as data (on the render thread). */
export function errorData(err: unknown): ErrorData {
  const e = err instanceof Error ? err : new Error(String(err));
  const data: ErrorData = { name: e.name, message: e.message };
  if (e instanceof TemplateRenderError) {
    const { field, template, reason, line, column } = e;
    data.render = { field, template, reason, line, column };
  }
  const budget = e instanceof TemplateRenderError ? e.cause : e;
  if (budget instanceof TemplateBudgetError)
    data.budget = { limit: budget.limit, budget: budget.budget, used: budget.used };
  return data;
}

/** The error `data` describes (on the main thread): the same class and message as on the thread. */
export function errorFrom(data: ErrorData): Error {
  const budget =
    data.budget && new TemplateBudgetError(data.budget.limit, data.budget.budget, data.budget.used);
  // `template` is already an excerpt; excerpting it again leaves it as it is.
  if (data.render) return new TemplateRenderError({ ...data.render, cause: budget });
  if (budget) return budget;
  if (data.name === 'TemplateContextError') return new TemplateContextError(data.message);
  return new RenderThreadError(`render failed: ${data.message}`);
}
