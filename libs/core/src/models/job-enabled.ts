/** How a job's `enabled` field decides whether it runs. */
export type EnabledMode = 'enabled' | 'disabled' | 'template';

/**
 * The static meaning of `enabled`: missing or `false` → disabled, `true` → enabled, a string →
 * a Jinja template decided at run time. Validated specs have nothing else (null and numbers,
 * which the original ran, are refused by validateJob).
 *
 * @example enabledMode({ enabled: '{{ state.on }}' }) === 'template'
 */
export function enabledMode(job: { enabled?: unknown }): EnabledMode {
  if (typeof job.enabled === 'string') return 'template';
  return job.enabled === true ? 'enabled' : 'disabled';
}

/** Whether a rendered `enabled` template lets the job run: exactly `true` after trim and lower-case. */
export function isRenderedEnabled(rendered: string): boolean {
  return rendered.trim().toLowerCase() === 'true';
}
