import type { AuditEntry } from './audit-entry';
import type { WriteOutcome } from './run-history.store';

/**
 * Gathers entries of the same run that arrive within `lingerMs` (typically one SQS receive
 * batch: `starting` and `running` of a quick job, or the `complete` right after) and writes
 * them with one store call. Each caller's promise settles with its group's write.
 */
export class RunEventCoalescer {
  private readonly groups = new Map<
    string,
    {
      entries: AuditEntry[];
      waiters: Array<{ resolve: (o: WriteOutcome) => void; reject: (e: Error) => void }>;
    }
  >();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: { apply(entries: AuditEntry[]): Promise<WriteOutcome> },
    private readonly lingerMs: number,
  ) {}

  add(entry: AuditEntry): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      const key = `${entry.job_id}\u0000${entry.run_id}`;
      const group = this.groups.get(key) ?? { entries: [], waiters: [] };
      group.entries.push(entry);
      group.waiters.push({ resolve, reject });
      this.groups.set(key, group);
      this.timer ??= setTimeout(() => void this.flush(), this.lingerMs);
    });
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const groups = [...this.groups.values()];
    this.groups.clear();
    await Promise.all(
      groups.map(async (g) => {
        try {
          const outcome = await this.store.apply(g.entries);
          g.waiters.forEach((w) => w.resolve(outcome));
        } catch (err) {
          g.waiters.forEach((w) => w.reject(err as Error));
        }
      }),
    );
  }
}
