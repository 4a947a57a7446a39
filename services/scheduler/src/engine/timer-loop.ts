import type { Logger } from '@lava/logging';

/**
 * Runs `step` over and over on a timer: each run returns the delay (ms) before the next one.
 * Runs never overlap; `wake` brings the next run forward; `stop` waits for the run in flight.
 */
export class TimerLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private wakeRequested = false;

  constructor(
    private readonly name: string,
    private readonly step: () => Promise<number>,
    private readonly logger: Logger,
    private readonly errorDelayMs = 1_000,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Run as soon as possible (after the run in flight, if any). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.wakeRequested = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.running = this.runOnce();
      },
      Math.max(0, delayMs),
    );
  }

  private async runOnce(): Promise<void> {
    let delay = this.errorDelayMs;
    try {
      delay = await this.step();
    } catch (error) {
      this.logger.error(`${this.name} step failed`, { error: (error as Error).message });
    }
    this.running = undefined;
    if (this.wakeRequested) delay = 0;
    this.wakeRequested = false;
    this.schedule(delay);
  }
}
