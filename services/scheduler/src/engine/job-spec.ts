import { enabledMode } from '@lava/core';
import type { ScheduledJobSpec } from '@lava/scheduling';
import type { SchedulableItem } from './ports';

/**
 * Maps a job item to the scheduling spec. Items with no `schedule` attribute are skipped;
 * the empty spellings (`""`, `null`, `"--"`) compile to no entries and never fire. A missing or
 * `false` `enabled` is disabled (the loader default: the worker would skip the run anyway);
 * a Jinja string fires and is decided at the worker.
 */
export function toScheduledSpec(item: SchedulableItem): ScheduledJobSpec | undefined {
  if (!('schedule' in item) || item.schedule === undefined) return undefined;
  const spec: ScheduledJobSpec = {
    jobId: item.job_id,
    schedule: item.schedule,
    enabled: enabledMode(item) !== 'disabled',
  };
  if (typeof item.timezone === 'string' && item.timezone) spec.timezone = item.timezone;
  if (typeof item.catchup === 'number' || typeof item.catchup === 'string') spec.catchup = item.catchup;
  return spec;
}

/** What decides a job's firing: an edit that changes none of these needs no reschedule. */
export function scheduleFingerprint(item: SchedulableItem): string {
  return JSON.stringify([
    item.schedule ?? null,
    item.enabled ?? null,
    item.timezone ?? null,
    item.catchup ?? null,
  ]);
}
