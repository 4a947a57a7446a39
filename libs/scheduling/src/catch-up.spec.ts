import { planCatchUp } from './catch-up';
import { compileJobSchedule } from './job-schedule';

const at = (s: string): Date => new Date(s);
const schedule = (cron: unknown, catchup?: number | string) =>
  compileJobSchedule(
    { jobId: 'j', schedule: cron, ...(catchup === undefined ? {} : { catchup }) },
    { defaultTimezone: 'UTC' },
  );
const isoList = (m: { scheduledAt: Date }[]): string[] => m.map((x) => x.scheduledAt.toISOString());

describe('planCatchUp', () => {
  it('fires the latest miss inside the default 5-minute window and reports older ones', () => {
    const plan = planCatchUp({
      downSince: at('2024-01-01T00:00:30Z'),
      now: at('2024-01-01T00:04:10Z'),
      schedule: schedule('* * * * *'),
    });
    expect(plan.fire?.idempotencyKey).toBe('j@2024-01-01T00:04:00.000Z');
    expect(isoList(plan.missed)).toEqual([
      '2024-01-01T00:01:00.000Z',
      '2024-01-01T00:02:00.000Z',
      '2024-01-01T00:03:00.000Z',
    ]);
    expect([plan.missedTotal, plan.missedTotalExact]).toEqual([3, true]);
  });

  it('fires nothing when the latest miss is older than the window', () => {
    const plan = planCatchUp({
      downSince: at('2024-01-01T01:30:00Z'),
      now: at('2024-01-01T02:10:00Z'),
      schedule: schedule('0 2 * * *'),
    });
    expect(plan.fire).toBeUndefined();
    expect(isoList(plan.missed)).toEqual(['2024-01-01T02:00:00.000Z']);
  });

  it('catchup 0 turns catch-up off: every miss is reported', () => {
    const plan = planCatchUp({
      downSince: at('2024-01-01T01:59:00Z'),
      now: at('2024-01-01T02:00:05Z'),
      schedule: schedule('0 2 * * *', 0),
    });
    expect(plan.fire).toBeUndefined();
    expect(plan.missedTotal).toBe(1);
  });

  it('uses the per-job window and lets an explicit window override it', () => {
    const s = schedule('0 2 * * *', '1h');
    const input = { downSince: at('2024-01-01T01:00:00Z'), now: at('2024-01-01T02:30:00Z'), schedule: s };
    expect(planCatchUp(input).fire?.scheduledAt).toEqual(at('2024-01-01T02:00:00Z'));
    expect(planCatchUp({ ...input, catchupSeconds: 60 }).fire).toBeUndefined();
  });

  it('starts after lastFiredAt when it is later than downSince', () => {
    const plan = planCatchUp({
      lastFiredAt: at('2024-01-01T00:03:00Z'),
      downSince: at('2024-01-01T00:00:00Z'),
      now: at('2024-01-01T00:04:30Z'),
      schedule: schedule('* * * * *'),
    });
    expect(plan.fire?.scheduledAt).toEqual(at('2024-01-01T00:04:00Z'));
    expect(plan.missed).toEqual([]);
  });

  it('reports nothing when no slot was missed', () => {
    expect(
      planCatchUp({
        downSince: at('2024-01-01T00:00:10Z'),
        now: at('2024-01-01T00:00:50Z'),
        schedule: schedule('* * * * *'),
      }),
    ).toEqual({ missed: [], missedTotal: 0, missedTotalExact: true });
  });

  it('is bounded for a per-second job down for a week: capped list, lower-bound count', () => {
    const started = Date.now();
    const plan = planCatchUp({
      downSince: at('2024-01-01T00:00:00Z'),
      now: at('2024-01-08T00:00:00Z'),
      schedule: schedule('* * * * * *'),
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(plan.fire?.scheduledAt).toEqual(at('2024-01-08T00:00:00Z'));
    expect(plan.missed).toHaveLength(100);
    expect(plan.missed[0]?.scheduledAt).toEqual(at('2024-01-01T00:00:01Z'));
    expect([plan.missedTotal, plan.missedTotalExact]).toEqual([10_000, false]);
  });

  it('counts exactly when under the limit', () => {
    const plan = planCatchUp({
      downSince: at('2024-01-01T00:00:00Z'),
      now: at('2024-01-01T05:00:00Z'),
      schedule: schedule('*/5 * * * *'),
      maxMissed: 2,
    });
    expect(plan.missed).toHaveLength(2);
    expect([plan.missedTotal, plan.missedTotalExact]).toEqual([59, true]);
    expect(plan.fire?.scheduledAt).toEqual(at('2024-01-01T05:00:00Z'));
  });

  it('finds the latest slot of a sparse schedule far back without walking every slot', () => {
    const plan = planCatchUp({
      downSince: at('2023-01-01T00:00:00Z'),
      now: at('2024-01-01T09:59:30Z'),
      catchupSeconds: 86_400 * 400,
      schedule: schedule('* 9 * * *'),
    });
    expect(plan.fire?.scheduledAt).toEqual(at('2024-01-01T09:59:00Z'));
  });

  it('ignores slots outside an activity window', () => {
    const s = schedule({ crontab: '* * * * *', to: '2024-01-01T00:02:00Z' });
    const plan = planCatchUp({
      downSince: at('2024-01-01T00:00:00Z'),
      now: at('2024-01-01T00:04:30Z'),
      schedule: s,
    });
    expect(plan.fire?.scheduledAt).toEqual(at('2024-01-01T00:02:00Z'));
    expect(isoList(plan.missed)).toEqual(['2024-01-01T00:01:00.000Z']);
  });
});
