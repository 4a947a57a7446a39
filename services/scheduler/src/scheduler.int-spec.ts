import { JobsChangeMarker, JobsRepository } from '@lava/aws';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { Logger } from '@lava/logging';
import { pollUntil } from '@lava/errors';
import { provisionTestRealm, type TestRealm } from '@lava/testing';
import { bootstrap, type RunningScheduler } from './bootstrap';

const aws = useAwsEndpoint();

interface Seen {
  type: string;
  jobId: string;
  key: string;
  slot: number;
  seenAt: number;
}

/**
 * Two scheduler replicas in this process against the local endpoint, a job on a one-second
 * schedule, and every event of the realm bus read back from the audit queue (which receives
 * every `lava.*` event, `Dispatch Requested` and `Schedule Missed` included).
 */
describe('scheduler service: two replicas, one lease (local AWS endpoint)', () => {
  let realm: TestRealm;
  const replicas: RunningScheduler[] = [];
  const seen: Seen[] = [];
  const logs: string[] = [];
  let collecting = true;
  let collector: Promise<void> | undefined;

  const start = (): Promise<RunningScheduler> =>
    bootstrap(
      {
        ...realm.env,
        LAVA_DISPATCHERS: 'main',
        LAVA_HEALTH_PORT: '0',
        LAVA_HEALTH_HOST: '127.0.0.1',
        LAVA_CHANGE_POLL_MS: '1000',
      },
      {
        logger: new Logger(
          { service: 'scheduler', realm: realm.realm },
          { level: 'info', sink: (line) => logs.push(line) },
        ),
      },
    );

  beforeAll(async () => {
    realm = await provisionTestRealm(aws.url());
    await new JobsRepository(realm.clients.dynamo, realm.realm).put({
      job_id: 'tick',
      type: 'cmd',
      worker: 'core',
      payload: 'true',
      enabled: true,
      dispatcher: 'main',
      schedule: '* * * * * *',
    });
    collector = (async () => {
      while (collecting) {
        const all = await realm.auditEvents();
        seen.length = 0;
        for (const e of all) {
          seen.push({
            type: e['detail-type'],
            jobId: String(e.detail.job_id),
            key: String(e.detail.idempotency_key ?? ''),
            slot: Date.parse(String(e.detail.scheduled_time)),
            seenAt: Date.now(),
          });
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    replicas.push(await start(), await start());
  });

  afterAll(async () => {
    collecting = false;
    await collector;
    for (const r of replicas) await r.app.close();
  });

  const fired = (jobId: string) => seen.filter((s) => s.type === 'Dispatch Requested' && s.jobId === jobId);
  const leader = () => replicas.find((r) => r.parts.engine.dispatchers[0]!.isFiring);

  it('fires once per second with one replica leading; a killed leader fails over without duplicates or a long gap', async () => {
    const first = await pollUntil(() => fired('tick')[0], { timeoutMs: 15_000, what: 'first fire' });
    const holder = await pollUntil(() => leader(), { what: 'a leader' });
    await pollUntil(() => (fired('tick').length >= 8 ? true : undefined), {
      timeoutMs: 15_000,
      what: '8 fires',
    });
    // Crash the leader: its loops stop dead, nothing is released.
    const killedAt = Date.now();
    await holder.parts.engine.halt();
    const lastBefore = Math.max(...fired('tick').map((f) => f.slot));
    const survivor = replicas.find((r) => r !== holder)!;
    await pollUntil(() => (survivor.parts.engine.dispatchers[0]!.isFiring ? true : undefined), {
      timeoutMs: 20_000,
      what: 'takeover',
    });
    const takeoverMs = Date.now() - killedAt;
    await pollUntil(() => (fired('tick').some((f) => f.slot >= first.slot + 30_000) ? true : undefined), {
      timeoutMs: 30_000,
      what: '30 s of fires',
    });

    const window = fired('tick').filter((f) => f.slot <= first.slot + 30_000);
    const keys = window.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length); // no duplicate dispatch
    expect(keys.every((k) => /^tick@\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/.test(k))).toBe(true);
    const slots = window.map((f) => f.slot).sort((a, b) => a - b);
    const gaps = slots.slice(1).map((s, i) => s - slots[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(15_000); // failover bound
    expect(takeoverMs).toBeLessThanOrEqual(15_000);
    // Exactly one per second except for the single failover gap...
    expect(gaps.filter((g) => g !== 1000).length).toBeLessThanOrEqual(1);
    expect(slots.filter((s) => s <= lastBefore).length).toBe((lastBefore - slots[0]!) / 1000 + 1);
    // ...and every second of it is either fired or reported missed: nothing is lost silently.
    const missed = seen.filter((s) => s.type === 'Schedule Missed' && s.jobId === 'tick').map((s) => s.slot);
    const covered = new Set([...slots, ...missed]);
    for (let t = slots[0]!; t <= slots[slots.length - 1]!; t += 1000) expect(covered.has(t)).toBe(true);
  }, 60_000);

  it('applies a job edit within 5 seconds', async () => {
    await new JobsRepository(realm.clients.dynamo, realm.realm).put({
      job_id: 'tick',
      type: 'cmd',
      worker: 'core',
      payload: 'true',
      enabled: true,
      dispatcher: 'main',
      schedule: '*/3 * * * * *',
    });
    const editedAt = Date.now();
    await pollUntil(() => (fired('tick').some((f) => f.slot > editedAt + 8_000) ? true : undefined), {
      timeoutMs: 15_000,
      what: 'fires after the edit',
    });
    const late = fired('tick').filter((f) => f.slot > editedAt + 5_000);
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((f) => new Date(f.slot).getUTCSeconds() % 3 === 0)).toBe(true);
  }, 30_000);

  it('stops firing a deleted job within 5 seconds when lava job put/delete nudges the schedulers', async () => {
    await new JobsRepository(realm.clients.dynamo, realm.realm).delete('tick');
    await new JobsChangeMarker(realm.clients.dynamo, realm.realm).touch();
    const deletedAt = Date.now();
    const survivor = leader()!;
    await pollUntil(() => (survivor.parts.engine.dispatchers[0]!.table.size === 0 ? true : undefined), {
      timeoutMs: 5_000,
      what: 'job removed',
    });
    const removedAt = Date.now();
    // Observe for three more seconds that nothing fires after the removal.
    await pollUntil(() => (Date.now() > removedAt + 3_000 ? true : undefined), {
      timeoutMs: 5_000,
      intervalMs: 250,
      what: 'observation window',
    });
    expect(removedAt - deletedAt).toBeLessThanOrEqual(5_000);
    expect(fired('tick').filter((f) => f.slot > removedAt + 1_000)).toEqual([]);
  }, 20_000);
});
