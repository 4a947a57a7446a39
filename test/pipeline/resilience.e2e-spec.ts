import { GetObjectCommand } from '@aws-sdk/client-s3';
import { logStatuses, startE2eRealm, type E2eRealm } from '../support/e2e-realm';

jest.setTimeout(180_000);

const count = (list: string[], status: string) => list.filter((s) => s === status).length;

/** Crashes, redeliveries and shutdowns: every run finishes exactly once. */
describe('run pipeline resilience (services as separate processes)', () => {
  let e: E2eRealm;

  beforeAll(async () => {
    // Short visibility and lease so a crashed worker's run comes back within seconds.
    e = await startE2eRealm({
      serviceEnv: { LAVA_VISIBILITY_SECONDS: '5', LAVA_LEASE_SECONDS: '5', LAVA_DRAIN_SECONDS: '30' },
    });
    await e.putJobs([
      {
        job_id: 'crash',
        type: 'cmd',
        worker: 'core',
        enabled: true,
        payload: `sh -c 'sleep 3; echo finished'`,
      },
      {
        job_id: 'long',
        type: 'cmd',
        worker: 'core',
        enabled: true,
        payload: `sh -c 'sleep 12; echo long done'`,
      },
      {
        job_id: 'drain',
        type: 'cmd',
        worker: 'core',
        enabled: true,
        payload: `sh -c 'sleep 3; echo drained'`,
      },
    ]);
  });
  afterAll(async () => {
    await e?.stop();
  });

  it('a worker killed mid-job and restarted finishes the run exactly once', async () => {
    await e.lava(['dispatch', 'crash']);
    await e.waitForStatus('crash', 'running');
    await e.local.supervisor.stopOne('worker', 'SIGKILL');
    await e.local.startService('worker', 'worker');
    const item = await e.waitForStatus('crash', 'complete', 60_000);
    const statuses = logStatuses(item);
    expect(count(statuses, 'complete')).toBe(1);
    expect(count(statuses, 'starting')).toBe(2);
    expect((await e.events.listRuns('crash')).length).toBe(1);
  });

  it('a job running longer than the visibility timeout is not run twice, even with a second worker', async () => {
    await e.local.startService('worker', 'worker-2');
    await e.lava(['dispatch', 'long']);
    const item = await e.waitForStatus('long', 'complete', 60_000);
    expect(logStatuses(item)).toEqual(['dispatched', 'starting', 'running', 'complete']);
    await e.local.supervisor.stopOne('worker-2');
  });

  it('SIGTERM during a run drains it: the run completes, then the worker exits cleanly', async () => {
    await e.lava(['dispatch', 'drain']);
    const running = await e.waitForStatus('drain', 'running');
    const exitCode = await e.local.supervisor.stopOne('worker', 'SIGTERM', 60_000);
    expect(exitCode).toBe(0);
    const item = await e.waitForStatus('drain', 'complete');
    expect(logStatuses(item)).toEqual(['dispatched', 'starting', 'running', 'complete']);
    const out = await e.clients.s3.send(
      new GetObjectCommand({ Bucket: `lava-${e.realm}`, Key: `tmp/drain/${String(running.run_id)}/stdout` }),
    );
    expect(await out.Body!.transformToString()).toBe('drained\n');
  });
});
