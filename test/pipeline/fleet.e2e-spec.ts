import { fleetChildRunId } from '@lava/core';
import { pollUntil } from '@lava/errors';
import { logStatuses, startE2eRealm, type E2eRealm } from '../support/e2e-realm';

jest.setTimeout(240_000);

type Item = Record<string, unknown> & { log?: Array<{ status: string; ts_event: string; info?: unknown }> };

/** Whole seconds of the first log entry with `status` (the dispatcher stamps whole seconds). */
function second(item: Item, status: string): number {
  const entry = item.log?.find((l) => l.status === status);
  if (!entry)
    throw new Error(`${String(item.run_id)} has no ${status} entry: ${logStatuses(item).join(',')}`);
  return Math.floor(Date.parse(entry.ts_event) / 1000);
}

/** Fleet-mode foreach and dag across real worker, dispatcher and audit-logger processes. */
describe('fleet mode (children as runs of their own)', () => {
  let e: E2eRealm;

  /** Every run of `jobId` by run_id, once `count` of them reached a terminal status. */
  async function childRuns(jobId: string, count: number): Promise<Map<string, Item>> {
    return pollUntil(
      async () => {
        const runs = (await e.events.listRuns(jobId, 100)) as Item[];
        const done = runs.filter((r) => ['complete', 'failed'].includes(String(r.status)));
        return done.length >= count ? new Map(runs.map((r) => [String(r.run_id), r])) : undefined;
      },
      { what: `${count} finished runs of ${jobId}`, timeoutMs: 120_000 },
    );
  }

  beforeAll(async () => {
    e = await startE2eRealm();
    const cmd = (job_id: string, payload: string) => ({
      job_id,
      type: 'cmd',
      worker: 'core',
      enabled: true,
      payload,
    });
    const foreach = (job_id: string, payload: string, stop: number, p: Record<string, unknown>) => ({
      job_id,
      type: 'foreach',
      worker: 'core',
      enabled: true,
      payload,
      parameters: { mode: 'fleet', foreach: { type: 'range', stop, name: 'n' }, ...p },
    });
    await e.putJobs([
      cmd('item', `sh -c 'echo item {{ globals.n }}; sleep 1'`),
      foreach('each', 'item', 4, { concurrency: 2 }),
      cmd('first-fails', `sh -c 'test {{ globals.lava.foreach_index }} != 0 || exit 3'`),
      foreach('stop', 'first-fails', 3, { concurrency: 1 }),
      cmd('second-fails', `sh -c 'test {{ globals.lava.foreach_index }} != 1 || exit 4'`),
      foreach('carry-on', 'second-fails', 3, { concurrency: 2, failure_policy: 'continue' }),
      cmd('A', 'true'),
      // B and C take 3 s each, so whether they overlapped shows in whole-second stamps
      cmd('B', 'sleep 3'),
      cmd('C', 'sleep 3'),
      cmd('D', 'true'),
      {
        job_id: 'graph',
        type: 'dag',
        worker: 'core',
        enabled: true,
        payload: { D: ['B', 'C'], B: 'A', C: 'A' },
        parameters: { mode: 'fleet', concurrency: 2 },
      },
    ]);
  });
  afterAll(async () => {
    await e?.stop();
  });

  it('a foreach of 4 with concurrency 2 completes; children are runs of their own, linked to it', async () => {
    expect((await e.lava(['dispatch', 'each'])).code).toBe(0);
    const parent = (await e.waitForStatus('each', 'complete', 180_000)) as Item;
    const parentRun = String(parent.run_id);
    expect(logStatuses(parent)).toContain('waiting');
    const runs = await childRuns('item', 4);
    const expected = [0, 1, 2, 3].map((i) => fleetChildRunId(e.realm, parentRun, String(i)));
    expect([...runs.keys()].sort()).toEqual([...expected].sort());
    for (const runId of expected) {
      const child = runs.get(runId)!;
      expect(child.status).toBe('complete');
      expect(JSON.stringify(child.log?.find((l) => l.status === 'dispatched')?.info)).toContain(parentRun);
    }
    // Causal, not timing: child k is dispatched by the end of an earlier one, so by then at
    // least k-1 children had ended (compared in whole seconds, the dispatcher's stamp).
    for (const k of [2, 3]) {
      const dispatched = second(runs.get(expected[k]!)!, 'dispatched');
      const ended = expected.slice(0, k).filter((id) => second(runs.get(id)!, 'complete') <= dispatched);
      expect(ended.length).toBeGreaterThanOrEqual(k - 1);
    }
    const result = parent.log?.find((l) => l.status === 'complete')?.info as Record<string, unknown>;
    expect(result).toMatchObject({ mode: 'fleet', foreach_len: 4, jobs_completed: 4, failed_indexes: [] });
    const shown = await e.lava(['run', parentRun]);
    expect(shown.err).toBe('');
    expect(shown.out).toContain('children (fleet, fail-fast, concurrency 2, complete):');
    for (const runId of expected) expect(shown.out).toMatch(new RegExp(`${runId}  complete`));
  });

  it('fail-fast: a failing child fails the parent and nothing more is dispatched', async () => {
    await e.lava(['dispatch', 'stop']);
    const parent = (await e.waitForStatus('stop', 'failed', 180_000)) as Item;
    expect(JSON.stringify(parent)).toContain('Job first-fails: Index 0: ');
    const runs = await childRuns('first-fails', 1);
    expect([...runs.keys()]).toEqual([fleetChildRunId(e.realm, String(parent.run_id), '0')]);
    const failed = parent.log?.find((l) => l.status === 'failed')?.info as Record<string, unknown>;
    expect((failed.error_data as Record<string, unknown>).children).toEqual([
      expect.objectContaining({ key: '0', state: 'failed' }),
      expect.objectContaining({ key: '1', state: 'not_run' }),
      expect.objectContaining({ key: '2', state: 'not_run' }),
    ]);
  });

  it('continue: the other children run and the parent fails at the end', async () => {
    await e.lava(['dispatch', 'carry-on']);
    const parent = (await e.waitForStatus('carry-on', 'failed', 180_000)) as Item;
    expect(JSON.stringify(parent)).toContain('Job second-fails: Index 1: ');
    const runs = [...(await childRuns('second-fails', 3)).values()];
    expect(runs.map((r) => r.status).sort()).toEqual(['complete', 'complete', 'failed']);
  });

  it('a fleet dag A -> {B, C} -> D runs each member as its own run, in dependency order, B and C at once', async () => {
    await e.lava(['dispatch', 'graph']);
    const parent = (await e.waitForStatus('graph', 'complete', 180_000)) as Item;
    const member = async (id: string) => (await childRuns(id, 1)).values().next().value as Item;
    const [a, b, c, d] = await Promise.all(['A', 'B', 'C', 'D'].map(member));
    for (const m of [b!, c!]) expect(second(m, 'dispatched')).toBeGreaterThanOrEqual(second(a!, 'complete'));
    expect(second(d!, 'dispatched')).toBeGreaterThanOrEqual(
      Math.max(second(b!, 'complete'), second(c!, 'complete')),
    );
    // the fan-out ran B and C at once: each started before the other finished (run one after the
    // other, the second would start no earlier than the second the first completed)
    expect(second(b!, 'starting')).toBeLessThan(second(c!, 'complete'));
    expect(second(c!, 'starting')).toBeLessThan(second(b!, 'complete'));
    expect(new Set([a, b, c, d].map((m) => m!.run_id)).size).toBe(4);
    expect(String(a!.run_id)).toBe(fleetChildRunId(e.realm, String(parent.run_id), 'A'));
  });
});
