import { isRunStatus, isTerminalStatus } from '@lava/core';
import type { AuditEntry } from './audit-entry';
import type { WriteOutcome } from './run-history.store';

interface Group {
  entries: AuditEntry[];
  waiters: Array<{ resolve: (o: WriteOutcome) => void; reject: (e: Error) => void }>;
  timer: NodeJS.Timeout;
  /** When the group is written at the latest (epoch ms). */
  due: number;
}

/** After a run's outcome, how long to wait for its other events still in the same receive batch. */
const TAIL_MS = 10;

/**
 * Gathers the entries of one run into one store call: a group is written `lingerMs` after its
 * first entry, or `TAIL_MS` after the run's outcome (complete, failed...) arrived, whichever
 * comes first. A quick run's `dispatched`, `starting`, `running` and `complete` then cost one
 * write. Each caller's promise settles with its group's write; nothing is acknowledged before.
 */
export class RunEventCoalescer {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly store: { apply(entries: AuditEntry[]): Promise<WriteOutcome> },
    private readonly lingerMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  add(entry: AuditEntry): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      const key = `${entry.job_id}\u0000${entry.run_id}`;
      const group = this.groups.get(key) ?? this.open(key);
      group.entries.push(entry);
      group.waiters.push({ resolve, reject });
      if (isRunStatus(entry.status) && isTerminalStatus(entry.status)) this.due(key, group, TAIL_MS);
    });
  }

  /** Writes every group now (shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.groups.keys()].map((key) => this.write(key)));
  }

  private open(key: string): Group {
    const group: Group = { entries: [], waiters: [], timer: undefined!, due: Infinity };
    this.groups.set(key, group);
    this.due(key, group, this.lingerMs);
    return group;
  }

  /** Brings the group's write forward to `inMs` from now (never later than already due). */
  private due(key: string, group: Group, inMs: number): void {
    const at = this.now() + inMs;
    if (at >= group.due) return;
    clearTimeout(group.timer);
    group.due = at;
    group.timer = setTimeout(() => void this.write(key), inMs);
  }

  private async write(key: string): Promise<void> {
    const group = this.groups.get(key);
    if (!group) return;
    this.groups.delete(key);
    clearTimeout(group.timer);
    try {
      const outcome = await this.store.apply(group.entries);
      group.waiters.forEach((w) => w.resolve(outcome));
    } catch (err) {
      group.waiters.forEach((w) => w.reject(err as Error));
    }
  }
}
