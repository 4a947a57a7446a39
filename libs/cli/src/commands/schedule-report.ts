import type { ScheduleReport } from '@lava/scheduling';

/** Human text of a {@link ScheduleReport}. */
export function formatReport(r: ScheduleReport): string {
  const lines = [
    `${r.job_id}: next fires (${r.timezone} | UTC)${r.enabled ? '' : ' (job disabled: the scheduler will not fire it)'}`,
  ];
  if (r.reboot) lines.push('  @reboot: when the scheduler starts or takes over the dispatcher');
  for (const n of r.next) lines.push(`  ${n.local}  ${n.utc}`);
  if (!r.next.length && !r.reboot) lines.push('  (no future fire)');
  return lines.join('\n');
}
