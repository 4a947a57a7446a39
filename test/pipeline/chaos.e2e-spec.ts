import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { realmNames } from '@lava/aws';
import { pollUntil } from '@lava/errors';
import { startE2eRealm, type E2eRealm } from '../support/e2e-realm';

/** Runs dispatched; each job appends its run id to a file. */
const RUNS = 1000;
const CONCURRENCY = 8;
const WORKER_KILLS = 2;

jest.setTimeout(40 * 60_000);

const lines = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

/**
 * Chaos: 1,000 runs while the worker (twice), the dispatcher and the audit logger are
 * SIGKILLed mid-flow and restarted. Every run must be recorded complete (0 lost, 0 stuck), no
 * two executions of one run may overlap, and runs may execute twice only where at-least-once is
 * unavoidable: a job that finished just before its worker was killed, before the run was marked
 * finished, runs again. That is bounded by the runs in flight on the killed worker, so at most
 * worker concurrency x worker kills.
 */
describe('chaos: SIGKILLed services during 1,000 runs', () => {
  let e: E2eRealm;
  const dir = mkdtempSync(join(tmpdir(), 'lava-chaos-'));
  const executions = join(dir, 'executions');
  const overlaps = join(dir, 'overlaps');

  beforeAll(async () => {
    e = await startE2eRealm({
      serviceEnv: {
        LAVA_VISIBILITY_SECONDS: '5',
        LAVA_LEASE_SECONDS: '5',
        LAVA_WORKER_CONCURRENCY: String(CONCURRENCY),
        LAVA_LOG_LEVEL: 'warn',
        // The job writes into this test's directory; without a sandbox it still dies with its
        // worker (setpriv --pdeathsig KILL).
        LAVA_JOB_ISOLATION: 'none',
      },
    });
    // The lock is held while the job runs: a second attempt of the same run running at the same
    // time cannot take it and records an overlap.
    const script = `exec 9>>"${dir}/$LAVA_RUN_ID.lock"; flock -n 9 || echo "$LAVA_RUN_ID" >> "${overlaps}"; sleep 0.2; echo "$LAVA_RUN_ID" >> "${executions}"`;
    await e.putJobs([
      {
        job_id: 'chaos',
        type: 'cmd',
        worker: 'core',
        enabled: true,
        payload: `sh -c '${script.replace(/'/g, `'"'"'`)}'`,
      },
    ]);
  });
  afterAll(async () => {
    await e?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${RUNS} runs: 0 lost, 0 stuck, no overlapping executions, at most ${CONCURRENCY * WORKER_KILLS} executed twice`, async () => {
    const started = Date.now();
    const bus = realmNames(e.realm).bus;
    for (let i = 0; i < RUNS; i += 10) {
      const Entries = Array.from({ length: Math.min(10, RUNS - i) }, (_, j) => ({
        EventBusName: bus,
        Source: 'lava.cli',
        DetailType: 'Dispatch Requested',
        Detail: JSON.stringify({ schema_version: 1, job_id: 'chaos', idempotency_key: `chaos-${i + j}` }),
      }));
      const out = await e.clients.eventBridge.send(new PutEventsCommand({ Entries }));
      expect(out.FailedEntryCount).toBe(0);
    }

    const kills: Array<{ at: number; service: 'worker' | 'dispatcher' | 'audit-logger' }> = [
      { at: 100, service: 'dispatcher' },
      { at: 250, service: 'worker' },
      { at: 450, service: 'audit-logger' },
      { at: 600, service: 'worker' },
    ];
    const killed: string[] = [];
    for (const kill of kills) {
      await pollUntil(async () => (new Set(lines(executions)).size >= kill.at ? true : undefined), {
        what: `${kill.at} runs executed before killing the ${kill.service}`,
        timeoutMs: 15 * 60_000,
        intervalMs: 200,
      });
      await e.local.supervisor.stopOne(kill.service, 'SIGKILL');
      await e.local.startService(kill.service, kill.service);
      killed.push(`${kill.service}@${kill.at}`);
    }

    const items = await pollUntil(
      async () => {
        const runs = await e.events.listRuns('chaos', RUNS + 100);
        return runs.length >= RUNS && runs.every((r) => r.status === 'complete') ? runs : undefined;
      },
      { what: `all ${RUNS} runs recorded complete`, timeoutMs: 15 * 60_000, intervalMs: 1000 },
    ).catch(async (err: Error) => {
      const runs = await e.events.listRuns('chaos', RUNS + 100);
      const byStatus = runs.reduce<Record<string, number>>(
        (m, r) => ((m[String(r.status)] = (m[String(r.status)] ?? 0) + 1), m),
        {},
      );
      throw new Error(`${err.message}: ${runs.length} runs recorded, by status ${JSON.stringify(byStatus)}`);
    });

    const counts = new Map<string, number>();
    for (const id of lines(executions)) counts.set(id, (counts.get(id) ?? 0) + 1);
    const recorded = new Set(items.map((r) => String(r.run_id)));
    const lost = [...recorded].filter((id) => !counts.has(id)).length + (RUNS - recorded.size);
    const stuck = items.filter((r) => r.status !== 'complete').length;
    const twice = [...counts.values()].filter((n) => n > 1).length;
    const strangers = [...counts.keys()].filter((id) => !recorded.has(id));
    const figures = {
      runs: RUNS,
      kills: killed,
      lost,
      stuck,
      executedTwice: twice,
      overlapping: lines(overlaps).length,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(`chaos figures: ${JSON.stringify(figures)}\n`);

    expect(items.length).toBe(RUNS);
    expect(strangers).toEqual([]);
    expect(lost).toBe(0);
    expect(stuck).toBe(0);
    expect(lines(overlaps)).toEqual([]);
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);
    expect(twice).toBeLessThanOrEqual(CONCURRENCY * WORKER_KILLS);
  });
});
