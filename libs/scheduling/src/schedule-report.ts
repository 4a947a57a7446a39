import { enabledMode } from '@lava/core';
import { zoneClock } from '@lava/cron';
import { compileJobSchedule, type JobSchedule } from './job-schedule';

/** One upcoming fire, in the schedule's zone and in UTC. */
export interface NextFire {
  local: string;
  utc: string;
}

/** What `lava schedule next` and the HTTP API report for a job. */
export interface ScheduleReport {
  job_id: string;
  timezone: string;
  enabled: boolean;
  reboot: boolean;
  next: NextFire[];
}

/** `2024-03-10T03:00:00-04:00`: local wall time with its UTC offset. */
export function formatLocal(at: Date, tz: string): string {
  const offsetMs = zoneClock(tz).offsetMs(at.getTime());
  const wall = new Date(at.getTime() + offsetMs).toISOString().slice(0, 19);
  const sign = offsetMs < 0 ? '-' : '+';
  const mins = Math.abs(offsetMs) / 60_000;
  return `${wall}${sign}${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;
}

/** Compiles a stored job's schedule exactly as the scheduler does (the dispatcher's zone as default). */
export function compileStoredJob(job: Record<string, unknown>, defaultTimezone: string): JobSchedule {
  return compileJobSchedule(
    {
      jobId: String(job.job_id),
      schedule: job.schedule,
      enabled: enabledMode(job) !== 'disabled',
      ...(typeof job.timezone === 'string' ? { timezone: job.timezone } : {}),
      ...(typeof job.catchup === 'number' || typeof job.catchup === 'string' ? { catchup: job.catchup } : {}),
    },
    { defaultTimezone },
  );
}

/**
 * The next `count` fires after `from`. A disabled job is reported with the times it would have
 * (the scheduler does not fire it). `@reboot` entries have no clock times.
 */
export function scheduleReport(
  job: Record<string, unknown>,
  defaultTimezone: string,
  from: Date,
  count: number,
): ScheduleReport {
  const compiled = compileStoredJob(job, defaultTimezone);
  const times = compileStoredJob({ ...job, enabled: true }, defaultTimezone);
  const next: NextFire[] = [];
  for (let t = times.nextDue(from); t && next.length < count; t = times.nextDue(t)) {
    next.push({ local: formatLocal(t, times.tz), utc: t.toISOString() });
  }
  return {
    job_id: compiled.jobId,
    timezone: compiled.tz,
    enabled: compiled.enabled,
    reboot: compiled.entries.some((e) => e.cron.reboot),
    next,
  };
}
