import { InMemoryLeaseStore } from '@lava/scheduling/testing';
import { FencedProgress, RecordingSink, silentLogger } from '../testing/scheduler-fakes';
import { DispatcherScheduler } from './dispatcher-scheduler';
import type { ItemPages, ScheduledJobSource, SchedulableItem } from './ports';
import { SchedulerEngine } from './scheduler-engine';

const T0 = Date.parse('2024-06-01T00:00:00.000Z');

/** Pages of two items, as a paged table read hands them over (each read noted in `events`). */
async function* pagesOf(items: SchedulableItem[], events: string[] = []): ItemPages {
  for (let i = 0; i < items.length; i += 2) {
    events.push('page');
    yield items.slice(i, i + 2);
  }
}

/** TEST DOUBLE: a jobs table with `x-lava-updated-at` stamps, like JobsRepository. */
class FakeJobs implements ScheduledJobSource {
  readonly items = new Map<string, SchedulableItem>();
  readonly sinceAsked: Date[] = [];
  /** What happened, in order: 'page' for every page read (tests add their own entries). */
  readonly events: string[] = [];
  marker = 0;
  async changeVersion(): Promise<number> {
    return this.marker;
  }
  constructor(private readonly now: () => number) {}
  put(item: SchedulableItem): void {
    this.items.set(item.job_id, { ...item, 'x-lava-updated-at': new Date(this.now()).toISOString() });
  }
  listByDispatcher(d: string): ItemPages {
    return pagesOf(
      [...this.items.values()].filter((i) => i.dispatcher === d),
      this.events,
    );
  }
  changedSince(since: Date): ItemPages {
    this.sinceAsked.push(since);
    return pagesOf(
      [...this.items.values()].filter((i) => String(i['x-lava-updated-at']) > since.toISOString()),
      this.events,
    );
  }
}

function setup() {
  let ms = T0;
  const clock = () => new Date(ms);
  const jobs = new FakeJobs(() => ms);
  const leases = new InMemoryLeaseStore();
  const deps = {
    owner: 'a',
    lease: leases,
    progress: new FencedProgress(leases),
    sink: new RecordingSink(),
    clock,
    logger: silentLogger(),
  };
  const main = new DispatcherScheduler({ ...deps, dispatcher: 'main', timezone: 'UTC' });
  const nz = new DispatcherScheduler({ ...deps, dispatcher: 'nz', timezone: 'Pacific/Auckland' });
  const engine = new SchedulerEngine([main, nz], jobs, clock, silentLogger(), {
    changePollMs: 2_000,
    reconcileMs: 60_000,
    changeOverlapMs: 30_000,
  });
  return { engine, jobs, main, nz, advance: (by: number) => (ms += by), now: () => ms };
}

describe('SchedulerEngine reloads', () => {
  it('routes changed jobs to their dispatcher, polls with an overlap, and reconciles deletions', async () => {
    const env = setup();
    env.jobs.put({ job_id: 'a', dispatcher: 'main', schedule: '0 * * * *' });
    env.jobs.put({ job_id: 'b', dispatcher: 'nz', schedule: '0 9 * * *' });
    await env.engine.reload(); // first run: reconcile (loads both)
    expect([env.main.table.size, env.nz.table.size]).toEqual([1, 1]);
    expect(env.nz.table.get('b')?.tz).toBe('Pacific/Auckland');

    env.advance(2_000);
    env.jobs.put({ job_id: 'a', dispatcher: 'nz', schedule: '0 * * * *' }); // moved to nz
    env.jobs.put({ job_id: 'c', dispatcher: 'main', schedule: '*/5 * * * *', timezone: 'Europe/London' });
    env.advance(500);
    await env.engine.reload();
    expect([...env.main.table.schedules()].map((s) => s.jobId)).toEqual(['c']);
    expect(env.main.table.get('c')?.tz).toBe('Europe/London');
    expect(new Set([...env.nz.table.schedules()].map((s) => s.jobId))).toEqual(new Set(['a', 'b']));
    expect(env.jobs.sinceAsked.at(-1)!.getTime()).toBe(T0 - 30_000); // previous poll minus the overlap

    env.jobs.items.delete('c'); // deletions only show in a full reload
    env.advance(2_000);
    await env.engine.reload();
    expect(env.main.table.size).toBe(1);
    env.advance(60_000);
    await env.engine.reload();
    expect(env.main.table.size).toBe(0);
  });

  it('is nudged when the jobs-changed marker moves (not on the first look)', async () => {
    const env = setup();
    expect(await env.engine.nudged()).toBe(false);
    expect(await env.engine.nudged()).toBe(false);
    env.jobs.marker = 1;
    expect(await env.engine.nudged()).toBe(true);
    expect(await env.engine.nudged()).toBe(false);
  });

  it('after a nudge, polls changes and then reconciles at once (a nudge may be a deletion)', async () => {
    const env = setup();
    env.jobs.put({ job_id: 'a', dispatcher: 'main', schedule: '0 * * * *' });
    await env.engine.reload();
    await env.engine.nudged();
    env.advance(500);
    env.jobs.items.delete('a');
    env.jobs.marker = 1;
    expect(await env.engine.nudged()).toBe(true);
    expect(await env.engine.reload()).toBe(0); // changed jobs first, and come back at once
    expect(env.main.table.size).toBe(1);
    await env.engine.reload(); // the full reload sees the deletion
    expect(env.main.table.size).toBe(0);
  });

  it('reports each dispatcher in its status', async () => {
    const env = setup();
    env.jobs.put({ job_id: 'a', dispatcher: 'main', schedule: '0 * * * *', enabled: true });
    await env.engine.reload();
    expect(env.engine.status()).toEqual({
      dispatchers: [
        { name: 'main', lease: 'follower', firing: false, jobs: 1, pending: 1 },
        { name: 'nz', lease: 'follower', firing: false, jobs: 0, pending: 0 },
      ],
    });
  });

  it('reads each page of a reload only once no dispatcher is publishing or about to', async () => {
    const env = setup();
    for (const id of ['a', 'b', 'c']) env.jobs.put({ job_id: id, dispatcher: 'main', schedule: '0 * * * *' });
    // main publishes for two looks (busy 5 ms each), then is quiet; nz never fires.
    let busy = 2;
    jest.spyOn(env.main, 'busyForMs').mockImplementation(() => {
      env.jobs.events.push(busy > 0 ? 'busy' : 'quiet');
      return busy-- > 0 ? 5 : 0;
    });
    await env.engine.reload();
    expect(env.main.table.size).toBe(3);
    // Waits before the first page, then looks again after each page before reading the next.
    expect(env.jobs.events.slice(0, 4)).toEqual(['busy', 'busy', 'quiet', 'page']);
    expect(env.jobs.events.filter((e) => e === 'page')).toHaveLength(2);
    expect(env.jobs.events.at(-1)).toBe('quiet');
  });
});
