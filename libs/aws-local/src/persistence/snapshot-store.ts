import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@lava/logging';
import type { Persistable } from '../contracts';

const DEBOUNCE_MS = 200;

/**
 * Saves each registered service's snapshot to `<dir>/<name>.json`, debounced after changes and
 * written atomically (temp file + rename) so a crash never leaves half a file behind.
 */
export class SnapshotStore {
  private readonly services = new Map<string, Persistable>();
  private readonly dirty = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dir: string,
    private readonly logger?: Logger,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Registers a service and restores its saved state, if any. */
  register(name: string, service: Persistable): void {
    this.services.set(name, service);
    const file = join(this.dir, `${name}.json`);
    if (!existsSync(file)) return;
    service.restore(JSON.parse(readFileSync(file, 'utf8')));
  }

  markDirty(name: string): void {
    if (!this.services.has(name)) return;
    this.dirty.add(name);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, DEBOUNCE_MS);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const name of [...this.dirty]) {
      this.dirty.delete(name);
      this.save(name);
    }
  }

  /** Writes every service now (shutdown). */
  flushAll(): void {
    for (const name of this.services.keys()) this.dirty.add(name);
    this.flush();
  }

  private save(name: string): void {
    const service = this.services.get(name);
    if (!service) return;
    const file = join(this.dir, `${name}.json`);
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify(service.snapshot()));
      renameSync(`${file}.tmp`, file);
    } catch (error) {
      this.logger?.error('snapshot write failed', {
        service: name,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
