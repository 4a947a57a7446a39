import { startE2eRealm, type E2eRealm } from '../support/e2e-realm';

jest.setTimeout(120_000);

/** `lava dispatch --wait/--follow` and `lava logs --follow` against a realm running as processes. */
describe('following runs from the CLI (services as separate processes)', () => {
  let e: E2eRealm;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  beforeAll(async () => {
    e = await startE2eRealm();
    await e.putJobs([
      {
        job_id: 'ok',
        type: 'cmd',
        worker: 'core',
        enabled: true,
        payload: `sh -c 'echo "hello {{vars.n}}"'`,
        parameters: { vars: { n: 1 } },
      },
      { job_id: 'also', type: 'cmd', worker: 'core', enabled: true, payload: 'true' },
      {
        job_id: 'bad',
        type: 'cmd',
        worker: 'core',
        enabled: true,
        payload: `sh -c 'echo broken >&2; exit 5'`,
      },
      { job_id: 'slow', type: 'cmd', worker: 'core', enabled: true, payload: 'sleep 30' },
    ]);
    // Starting six processes takes minutes on a loaded machine.
  }, 300_000);
  afterAll(async () => {
    await e?.stop();
  });

  it('dispatch prints the run id the dispatcher uses; --wait exits 0 with the final status', async () => {
    const r = await e.lava(['dispatch', 'ok', '-p', 'vars.n=7', '--wait', '--poll', '0.2s']);
    expect(r.code).toBe(0);
    const [runId, final] = r.out.trim().split('\n');
    expect(runId).toMatch(UUID);
    expect(final).toBe(`${runId}  ok  complete`);
    expect((await e.events.getRun('ok', runId!))?.status).toBe('complete');
  });

  it('dispatches several jobs at once, each with its own run; --json gives their outcomes', async () => {
    const r = await e.lava(['--json', 'dispatch', 'ok', 'also', '--wait', '--poll', '0.2s']);
    expect(r.code).toBe(0);
    const outcomes = JSON.parse(r.out) as Array<{ job_id: string; run_id: string; status: string }>;
    expect(outcomes.map((o) => [o.job_id, o.status])).toEqual([
      ['ok', 'complete'],
      ['also', 'complete'],
    ]);
    expect(new Set(outcomes.map((o) => o.run_id)).size).toBe(2);
  });

  it('--wait exits 4 when the run fails; --follow shows status changes and the outputs', async () => {
    const failed = await e.lava(['dispatch', 'bad', '--wait', '--poll', '0.2s']);
    expect(failed.code).toBe(4);
    expect(failed.out).toMatch(/ {2}bad {2}failed\n$/);
    const followed = await e.lava(['dispatch', 'ok', '-p', 'vars.n=9', '--follow', '--poll', '0.2s']);
    expect(followed.code).toBe(0);
    const runId = followed.out.split('\n')[0]!;
    for (const status of ['dispatched', 'starting', 'running', 'complete'])
      expect(followed.err).toMatch(new RegExp(`\\+00:00  ok  ${runId}  ${status}`));
    expect(followed.out).toContain(`==> s3://lava-${e.realm}/tmp/ok/${runId}/`);
    expect(followed.out).toContain('hello 9\n');
  });

  it('--timeout gives up with exit 6; logs --follow waits for the run and exits with its outcome', async () => {
    const slow = await e.lava(['dispatch', 'slow', '--wait', '--timeout', '1s', '--poll', '0.2s']);
    expect(slow.code).toBe(6);
    expect(slow.err).toContain('did not finish in time');
    const runId = (await e.lava(['dispatch', 'bad'])).out.trim();
    const logs = await e.lava(['logs', runId, '--follow', '--poll', '0.2s', '--timeout', '60s']);
    expect(logs.code).toBe(4);
    expect(logs.err).toContain(`bad  ${runId}  failed`);
    expect(logs.out).toContain('broken\n');
  });
});
