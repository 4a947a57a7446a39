/**
 * The budget of one render: a deadline and a size limit, enforced cooperatively by the
 * compiled template (a tick per loop iteration and per call, a size check on every output
 * append, concatenation and repetition). Rendering stays synchronous and in-process: a tiny
 * template renders in tens of microseconds, less than one round trip to a worker thread,
 * so the budget is checked from inside the evaluator instead of from outside it.
 */
import { TemplateBudgetError, type BudgetLimit } from './errors';

/** Limits of one render (or of one JSON round trip, whose fields share them). */
export interface RenderLimits {
  /** Wall time a render may take, in ms. Default 1000. */
  timeoutMs: number;
  /** Longest string (output, or any value built while rendering), in characters. Default 10,000,000. */
  maxOutputChars: number;
}

export const DEFAULT_RENDER_LIMITS: Readonly<RenderLimits> = { timeoutMs: 1000, maxOutputChars: 10_000_000 };

/**
 * Longest list a render may build (`range()`, list repetition and concatenation). Fixed, and
 * the same as Jinja's sandbox (`MAX_RANGE`): building one such list is a single step the
 * deadline cannot interrupt, so it must stay short.
 */
export const MAX_SEQUENCE_ITEMS = 100_000;

/** The clock is read every this many ticks (a tick is a loop iteration or a call). */
const TICKS_PER_CLOCK_READ = 16;

/** Meters one render against its {@link RenderLimits}. */
export class RenderMeter {
  private ticks = 0;
  private readonly startedAt: number;
  private readonly deadline: number;

  constructor(
    readonly limits: RenderLimits,
    private readonly now: () => number = Date.now,
    private readonly maxItems: number = MAX_SEQUENCE_ITEMS,
  ) {
    this.startedAt = now();
    this.deadline = this.startedAt + limits.timeoutMs;
  }

  /** One unit of work (a loop iteration or a call); throws once the deadline has passed. */
  tick(): void {
    if (++this.ticks % TICKS_PER_CLOCK_READ !== 0) return;
    const now = this.now();
    if (now > this.deadline) {
      throw new TemplateBudgetError('time', this.limits.timeoutMs, now - this.startedAt);
    }
  }

  /** Refuses a string (or a string about to be built) longer than the size limit. */
  chars(length: number): void {
    if (length > this.limits.maxOutputChars) {
      throw new TemplateBudgetError('output', this.limits.maxOutputChars, length);
    }
  }

  /** Refuses a list (or a list about to be built) longer than {@link MAX_SEQUENCE_ITEMS}. */
  items(length: number): void {
    if (length > this.maxItems) throw new TemplateBudgetError('items', this.maxItems, length);
  }

  /** Checks a value built by a call, filter or operator; returns it. */
  sized<T>(value: T): T {
    if (typeof value === 'string') this.chars(value.length);
    else if (Array.isArray(value)) this.items(value.length);
    return value;
  }
}

/** No limits: what the runtime uses outside a render (and what a runtime without a renderer gets). */
export const UNMETERED = new RenderMeter(
  { timeoutMs: Infinity, maxOutputChars: Infinity },
  Date.now,
  Infinity,
);

/** The meter of the render in progress, swapped by the renderer around each render. */
export interface MeterSlot {
  current: RenderMeter;
}

export type { BudgetLimit };
