import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunRenderer, TemplateEngine } from '@lava/core';
import {
  DEFAULT_RENDER_LIMITS,
  TemplateBudgetError,
  TemplateRenderError,
  plainTextRendering,
  type BudgetOverride,
} from '@lava/templating';
import type { RenderBudgetOptions } from './jinja-template-engine';
import {
  errorFrom,
  RenderThreadError,
  type FromRenderThread,
  type RenderRequest,
  type RenderThreadData,
} from './render-messages';
import { RunRenderMeter } from './run-render-meter';

type Dict = Record<string, unknown>;

/** Options of the worker's render threads. */
export interface RenderThreadPoolOptions {
  /** Worker's local IANA zone of `start` in templates (default `UTC`). */
  tz?: string;
  budget?: RenderBudgetOptions;
  /** Threads (default 2). */
  size?: number;
  /** How long past its budget a render may go before its thread is terminated (default 250 ms). */
  graceMs?: number;
  /** Scopes a thread keeps built (default 256); an evicted scope is sent again when next used. */
  scopesPerThread?: number;
}

interface Task {
  request: Omit<RenderRequest, 'context'>;
  context: Dict;
  job: unknown;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

interface RenderThread {
  worker: Worker;
  ready: boolean;
  /** Resolves at the thread's `ready` message. */
  loaded: Promise<void>;
  onReady(): void;
  task?: { task: Task; started: number; watchdog: NodeJS.Timeout };
  /** Scopes this thread holds, oldest first. */
  scopes: Set<number>;
}

/**
 * The worker's TemplateEngine: renders on a few persistent worker threads, so a slow or hostile
 * template never holds the event loop that serves health checks and the other runs. A bound
 * scope's plain context (job, realm, globals, state, start, result) is posted once to a thread,
 * which builds its Jinja context there and reuses it for every render of the scope. A render
 * that outlives its budget by `graceMs` (a regex that cannot be interrupted) has its thread
 * terminated and replaced; it fails with the render budget error, as a render stopped by the
 * evaluator does. The run's budget is its renders' total (`RunRenderMeter`).
 *
 * @example
 * ```ts
 * const templates = new RenderThreadPool({ tz: 'UTC', size: 2 });
 * await templates.ready();
 * await templates.bind({ job, realm }).render('{{ job.job_id }}', 'payload');
 * await templates.close();
 * ```
 */
export class RenderThreadPool implements TemplateEngine {
  private readonly threads: RenderThread[] = [];
  private readonly queue: Task[] = [];
  private readonly meter: RunRenderMeter;
  private readonly data: RenderThreadData;
  private readonly graceMs: number;
  private readonly scopesPerThread: number;
  private nextId = 1;
  private nextScope = 1;
  private closed = false;

  constructor(options: RenderThreadPoolOptions = {}) {
    const budget = options.budget ?? {};
    this.data = { tz: options.tz ?? 'UTC', limits: budget.limits ?? {}, hints: budget.hints ?? {} };
    this.meter = new RunRenderMeter(
      budget.limits?.timeoutMs ?? DEFAULT_RENDER_LIMITS.timeoutMs,
      this.data.hints,
    );
    this.graceMs = options.graceMs ?? 250;
    this.scopesPerThread = options.scopesPerThread ?? 256;
    for (let i = 0; i < Math.max(1, options.size ?? 2); i++) this.threads.push(this.start());
  }

  /** Resolves once every thread has loaded the renderer (the worker waits for it at boot). */
  async ready(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.loaded));
  }

  /** Terminates the threads; renders still queued or running fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new RenderThreadError('render threads closed'));
    await Promise.all(
      this.threads.map(async (t) => {
        if (t.task) this.finish(t)?.reject(new RenderThreadError('render threads closed'));
        await t.worker.terminate();
      }),
    );
  }

  bind(context: Dict): RunRenderer {
    const scope = this.nextScope++;
    const job = (extra?: Dict) => (extra && 'job' in extra ? extra.job : context.job);
    const submit = (kind: 'text' | 'json', template: unknown, field: string, extra?: Dict) =>
      new Promise<unknown>((resolve, reject) => {
        if (this.closed) return reject(new RenderThreadError('render threads closed'));
        const request = {
          type: 'render' as const,
          id: this.nextId++,
          scope,
          kind,
          template,
          field,
          extra,
          budget: {},
        };
        this.queue.push({ request, context, job: job(extra), resolve, reject });
        this.dispatch();
      });
    return {
      // Plain text (most arguments and values) renders as itself: no trip to a thread for it.
      render: async (template, field, extra) =>
        plainTextRendering(template) ?? ((await submit('text', template, field, extra)) as string),
      renderJson: async <T>(value: T, field: string, extra?: Dict) =>
        (await submit('json', value, field, extra)) as T,
    };
  }

  private start(): RenderThread {
    let onReady = () => {};
    const loaded = new Promise<void>((resolve) => (onReady = resolve));
    const worker = spawnRenderThread(this.data);
    const thread: RenderThread = { worker, ready: false, loaded, onReady, scopes: new Set() };
    worker.on('message', (message: FromRenderThread) => this.onMessage(thread, message));
    worker.on('error', (err) => this.onExit(thread, err));
    worker.on('exit', (code) => this.onExit(thread, new Error(`exit code ${code}`)));
    return thread;
  }

  /** Gives queued renders to idle threads, in order. */
  private dispatch(): void {
    for (const thread of this.threads) {
      if (!thread.ready || thread.task || this.closed) continue;
      const task = this.queue.shift();
      if (!task) return;
      this.run(thread, task);
    }
  }

  private run(thread: RenderThread, task: Task): void {
    const budget = this.meter.budgetFor(task.job);
    const request: RenderRequest = { ...task.request, budget };
    if (!thread.scopes.has(request.scope)) request.context = task.context;
    this.remember(thread, request.scope);
    const timeoutMs = budget.limits?.timeoutMs ?? 0;
    const watchdog = setTimeout(() => this.overrun(thread, budget), timeoutMs + this.graceMs);
    thread.task = { task, started: performance.now(), watchdog };
    thread.worker.ref();
    try {
      thread.worker.postMessage(request);
    } catch (err) {
      // A value that cannot be posted (a function in an extra): this render fails, the thread stays.
      this.finish(thread)?.reject(new RenderThreadError(`cannot send render of ${request.field}`, err));
      thread.scopes.delete(request.scope);
      this.dispatch();
    }
  }

  /** Marks `scope` as the thread's newest; forgets its oldest past the bound. */
  private remember(thread: RenderThread, scope: number): void {
    thread.scopes.delete(scope);
    thread.scopes.add(scope);
    if (thread.scopes.size <= this.scopesPerThread) return;
    const oldest = thread.scopes.values().next().value as number;
    thread.scopes.delete(oldest);
    thread.worker.postMessage({ type: 'drop', scope: oldest });
  }

  private onMessage(thread: RenderThread, message: FromRenderThread): void {
    if (message.type === 'ready') {
      thread.ready = true;
      thread.onReady();
      // Only a thread loading or rendering keeps the process alive, never an idle one.
      thread.worker.unref();
    } else if (thread.task?.task.request.id === message.id) {
      const task = this.finish(thread)!;
      this.meter.charge(task.job, message.elapsedMs);
      if (message.type === 'done') task.resolve(message.value);
      else task.reject(errorFrom(message.error));
    }
    this.dispatch();
  }

  /** Clears and returns the thread's task, if any. */
  private finish(thread: RenderThread): Task | undefined {
    const current = thread.task;
    if (!current) return undefined;
    clearTimeout(current.watchdog);
    thread.task = undefined;
    thread.worker.unref();
    return current.task;
  }

  /** The watchdog: the render outlived its budget (the evaluator could not stop it). */
  private overrun(thread: RenderThread, budget: BudgetOverride): void {
    const current = thread.task;
    if (!current) return;
    const used = performance.now() - current.started;
    const task = this.finish(thread)!;
    this.meter.charge(task.job, used);
    task.reject(budgetError(task, budget, used, this.data.hints.time));
    this.replace(thread);
    void thread.worker.terminate();
  }

  private onExit(thread: RenderThread, err: Error): void {
    if (!this.threads.includes(thread)) return;
    this.finish(thread)?.reject(new RenderThreadError('render thread died', err));
    if (!this.closed) this.replace(thread);
  }

  private replace(thread: RenderThread): void {
    const at = this.threads.indexOf(thread);
    if (at < 0 || this.closed) return;
    this.threads[at] = this.start();
  }
}

/** The error of a render stopped by the watchdog: the evaluator's budget error, hint included. */
function budgetError(
  task: Task,
  budget: BudgetOverride,
  used: number,
  workerHint?: string,
): TemplateRenderError {
  const limitMs = budget.limits?.timeoutMs ?? 0;
  const cause = new TemplateBudgetError('time', limitMs, used);
  const hint = budget.hints?.time ?? workerHint;
  const template =
    typeof task.request.template === 'string' ? task.request.template : JSON.stringify(task.request.template);
  return new TemplateRenderError({
    field: task.request.field,
    template,
    reason: hint ? `${cause.message}; ${hint}` : cause.message,
    cause,
  });
}

/**
 * Starts `render-thread` beside this file: compiled JavaScript in an image; TypeScript from
 * source (tests, `npm start`) through the same swc hook the repository's scripts use.
 */
function spawnRenderThread(data: RenderThreadData): Worker {
  const ext = extname(__filename);
  const entry = join(__dirname, `render-thread${ext}`);
  if (ext === '.js') return new Worker(entry, { workerData: data });
  const hook = require.resolve('@swc-node/register');
  return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(entry)});`, {
    eval: true,
    workerData: data,
  });
}
