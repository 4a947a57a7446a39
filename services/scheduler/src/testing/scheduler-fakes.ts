import { Logger } from '@lava/logging';
import type { Fire, MissedFire } from '@lava/scheduling';
import type { InMemoryLeaseStore } from '@lava/scheduling/testing';
import type { FireSink, PreparedFires, ProgressStore } from '../engine/ports';

/** TEST DOUBLE: records fires; `failNext` makes the next publish reject. */
export class RecordingSink implements FireSink {
  readonly fires: { fire: Fire; dispatcher: string; at: number }[] = [];
  readonly missedSlots: { missed: MissedFire; reason: string }[] = [];
  private failures = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  failNext(n = 1): void {
    this.failures += n;
  }

  prepare(fires: readonly Fire[], dispatcher: string): PreparedFires {
    return { fires, send: () => this.dispatch(fires, dispatcher) };
  }

  async dispatch(fires: readonly Fire[], dispatcher: string): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('bus unavailable');
    }
    for (const fire of fires) this.fires.push({ fire, dispatcher, at: this.now() });
  }

  async missed(missed: readonly MissedFire[], _dispatcher: string, reason: string): Promise<void> {
    for (const m of missed) this.missedSlots.push({ missed: m, reason });
  }

  keys(): string[] {
    return this.fires.map((f) => f.fire.idempotencyKey);
  }
}

/** TEST DOUBLE: a watermark fenced by the {@link InMemoryLeaseStore} row, like the DynamoDB item. */
export class FencedProgress implements ProgressStore {
  private readonly marks = new Map<string, Date>();
  rejectAll = false;

  constructor(private readonly leases: InMemoryLeaseStore) {}

  async readProgress(name: string): Promise<Date | undefined> {
    return this.marks.get(name);
  }

  async recordProgress(name: string, owner: string, token: number, at: Date): Promise<boolean> {
    const row = this.leases.peek(name);
    if (this.rejectAll || !row || row.owner !== owner || row.token !== token) return false;
    this.marks.set(name, at);
    return true;
  }

  set(name: string, at: Date): void {
    this.marks.set(name, at);
  }
}

/** A logger that writes nowhere. */
export function silentLogger(): Logger {
  return new Logger({ service: 'scheduler-test' }, { sink: () => undefined });
}
