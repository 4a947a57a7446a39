/**
 * Job types the scheduler never fires. `lavasched` is the original's crontab builder: its work
 * (turning schedules into crontabs on dispatcher hosts) is what the scheduler service does, so
 * firing such a record would only fail every run. Records of these types are skipped with a
 * warning, at load and in `lava schedule check`.
 */
export const UNSCHEDULABLE_JOB_TYPES: readonly string[] = ['lavasched'];

/** Why a job record is never fired, or undefined when it may be. */
export function unschedulableReason(job: { type?: unknown }): string | undefined {
  if (typeof job.type !== 'string' || !UNSCHEDULABLE_JOB_TYPES.includes(job.type)) return undefined;
  return `type ${job.type} is the original's crontab builder; the scheduler service replaces it, so this job is not fired`;
}
