import type { JobSource } from '@lava/core';
import type { JobsRepository } from '../repositories/jobs.repository';

/**
 * Job records with a short read-through cache: a burst of runs of one job costs one read (runs
 * that miss together share the read in flight). The TTL bounds how long an edit takes to reach
 * workers (default 2 s).
 */
export class CachedJobSource implements JobSource {
  private readonly cache = new Map<string, { at: number; value: Record<string, unknown> | undefined }>();
  private readonly reading = new Map<string, Promise<Record<string, unknown> | undefined>>();

  constructor(
    private readonly jobs: JobsRepository,
    private readonly ttlMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(jobId: string): Promise<Record<string, unknown> | undefined> {
    const hit = this.cache.get(jobId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    let read = this.reading.get(jobId);
    if (!read) {
      read = this.read(jobId).finally(() => this.reading.delete(jobId));
      this.reading.set(jobId, read);
    }
    return read;
  }

  private async read(jobId: string): Promise<Record<string, unknown> | undefined> {
    const value = (await this.jobs.get(jobId)) as Record<string, unknown> | undefined;
    this.cache.set(jobId, { at: this.now(), value });
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    return value;
  }
}
