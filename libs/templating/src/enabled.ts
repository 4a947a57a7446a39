/** The job `enabled` decision. */
import type { RenderContext, Renderer } from './renderer';

export interface EnabledDecision {
  run: boolean;
  /** `static`: decided without rendering (missing/boolean/other); `rendered`: a Jinja string. */
  kind: 'static' | 'rendered';
  /** The rendered text, for logs, when `kind` is `rendered`. */
  rendered?: string;
}

/**
 * Decides whether a run proceeds. Missing or `false` skip; `true` runs; a string is rendered
 * with the run context (no `result`) and runs only when the trimmed, lower-cased text is
 * exactly `true`. `null`, numbers and other values run — the original's quirk — unless
 * `nonBoolean: 'skip'` is passed.
 *
 * @example
 * ```ts
 * evaluateEnabled("{{ state['counter'].n % 2 == 1 }}", renderer, ctx); // { run: false, kind: 'rendered', rendered: 'False' }
 * ```
 */
export function evaluateEnabled(
  enabled: unknown,
  renderer: Renderer,
  context: RenderContext,
  options: { nonBoolean?: 'run' | 'skip' } = {},
): EnabledDecision {
  if (enabled === undefined) return { run: false, kind: 'static' };
  if (typeof enabled === 'boolean') return { run: enabled, kind: 'static' };
  if (typeof enabled === 'string') {
    const rendered = renderer.render(enabled, context, { field: 'enabled' });
    return { run: rendered.trim().toLowerCase() === 'true', kind: 'rendered', rendered };
  }
  return { run: (options.nonBoolean ?? 'run') === 'run', kind: 'static' };
}
