import {
  closeSync,
  existsSync,
  fsyncSync,
  chmodSync,
  fchmodSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@lava/logging';
import type { Persistable } from '../contracts';

const DEBOUNCE_MS = 200;

/**
 * Saves each registered service's snapshot to `<dir>/<name>.json`, written atomically (temp
 * file, fsync, rename, fsync of the directory) so a crash never leaves half a file behind.
 *
 * Two ways in: `commit` is for requests that change state, and resolves only once a snapshot
 * holding the change is on disk, so the edge acknowledges a SendMessage, DeleteMessage or
 * PutEvents only after it would survive a SIGKILL (group commit: every request answered in the
 * same turn of the event loop shares one write). `markDirty` debounces writes for changes no
 * caller waits on (receives, timers).
 */
export class SnapshotStore {
  private readonly services = new Map<string, Persistable>();
  private readonly dirty = new Set<string>();
  private timer?: NodeJS.Timeout;
  private waiters: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  private commitScheduled = false;

  constructor(
    private readonly dir: string,
    private readonly logger?: Logger,
  ) {
    // Owner only: the snapshots hold SSM parameters and Secrets Manager secrets in clear text.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
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

  /** Resolves once the current state of `names` is on disk; rejects if it could not be written. */
  commit(names: string[]): Promise<void> {
    for (const name of names) if (this.services.has(name)) this.dirty.add(name);
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (this.commitScheduled) return;
      this.commitScheduled = true;
      setImmediate(() => {
        this.commitScheduled = false;
        const waiters = this.waiters;
        this.waiters = [];
        const failure = this.flush();
        for (const w of waiters) {
          if (failure) w.reject(failure);
          else w.resolve();
        }
      });
    });
  }

  /** Writes every dirty service now; returns the first failure (also logged). */
  flush(): Error | undefined {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let failure: Error | undefined;
    for (const name of [...this.dirty]) {
      this.dirty.delete(name);
      failure ??= this.save(name);
    }
    if (failure === undefined) this.syncDir();
    return failure;
  }

  /** Writes every service now (shutdown). */
  flushAll(): void {
    for (const name of this.services.keys()) this.dirty.add(name);
    this.flush();
  }

  private save(name: string): Error | undefined {
    const service = this.services.get(name);
    if (!service) return undefined;
    const file = join(this.dir, `${name}.json`);
    try {
      const fd = openSync(`${file}.tmp`, 'w', 0o600);
      try {
        fchmodSync(fd, 0o600); // a leftover .tmp keeps the mode it was created with

        writeSync(fd, JSON.stringify(service.snapshot()));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(`${file}.tmp`, file);
      return undefined;
    } catch (error) {
      this.dirty.add(name); // try again with the next write
      this.logger?.error('snapshot write failed', {
        service: name,
        error: error instanceof Error ? error.message : String(error),
      });
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  /** Makes the renames themselves durable. */
  private syncDir(): void {
    try {
      const fd = openSync(this.dir, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      // Not every file system allows fsync on a directory; the rename is atomic regardless.
    }
  }
}
