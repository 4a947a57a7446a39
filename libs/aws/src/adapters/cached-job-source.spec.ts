import { CachedJobSource } from './cached-job-source';
import type { JobsRepository } from '../repositories/jobs.repository';

function countingRepo(): { repo: JobsRepository; reads: () => number } {
  let reads = 0;
  const repo = {
    get: async (jobId: string) => {
      reads++;
      await new Promise((r) => setImmediate(r));
      return { job_id: jobId };
    },
  } as unknown as JobsRepository;
  return { repo, reads: () => reads };
}

describe('CachedJobSource', () => {
  it('shares one read among runs that miss together', async () => {
    const { repo, reads } = countingRepo();
    const jobs = new CachedJobSource(repo);
    const got = await Promise.all([jobs.get('a'), jobs.get('a'), jobs.get('a')]);
    expect(got).toEqual([{ job_id: 'a' }, { job_id: 'a' }, { job_id: 'a' }]);
    expect(reads()).toBe(1);
  });

  it('reads again once the entry is older than the TTL', async () => {
    const { repo, reads } = countingRepo();
    let now = 0;
    const jobs = new CachedJobSource(repo, 2000, () => now);
    await jobs.get('a');
    now = 1999;
    await jobs.get('a');
    now = 2000;
    await jobs.get('a');
    expect(reads()).toBe(2);
  });
});
