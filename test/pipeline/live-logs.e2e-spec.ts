import { TERMINAL_STATUSES } from '@lava/core';
import { startE2eRealm, type E2eRealm } from '../support/e2e-realm';

jest.setTimeout(180_000);

interface LogsPage {
  status: string | null;
  parts: { part: string; stream: string; text: string }[];
  cursor: string | null;
  ended: boolean;
}

/**
 * Live logs: a job printing a line a second is followed through the HTTP API (long poll with a
 * cursor) and through `lava logs -f`; its lines arrive while the run is still running.
 */
describe('live logs of a running run', () => {
  let e: E2eRealm;
  let apiUrl: string;

  beforeAll(async () => {
    e = await startE2eRealm({ serviceEnv: { LAVA_LIVE_LOG_SECONDS: '0.5' } });
    const ready = e.logs().find((l) => l.includes('"api_url"'));
    apiUrl = String((JSON.parse(ready!.slice(ready!.indexOf('{'))) as { api_url: string }).api_url);
    await e.putJobs([
      {
        job_id: 'live/lines',
        type: 'cmd',
        worker: 'core',
        enabled: true,
        payload: "sh -c 'for i in 1 2 3 4 5 6; do echo line-$i; echo warn-$i >&2; sleep 1; done'",
      },
    ]);
  }, 300_000);
  afterAll(async () => {
    await e?.stop();
  });

  const dispatch = async () => {
    const r = await e.lava(['dispatch', 'live/lines']);
    expect(r.code).toBe(0);
    return r.out.trim().split(/\s+/).pop()!;
  };

  it('the API returns the lines while the run runs, then `ended` with every line', async () => {
    const runId = await dispatch();
    const seen: { text: string; stream: string; status: string | null; ended: boolean }[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 200; page++) {
      const query = new URLSearchParams({ wait: '5', ...(cursor ? { cursor } : {}) });
      const res = await fetch(`${apiUrl}/api/v1/runs/${runId}/logs?${query}`);
      // The run appears in the events table once the audit logger has recorded its dispatch.
      if (res.status === 404) {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      expect(res.status).toBe(200);
      const body = (await res.json()) as LogsPage;
      for (const p of body.parts)
        seen.push({ text: p.text, stream: p.stream, status: body.status, ended: body.ended });
      cursor = body.cursor;
      if (body.ended) break;
    }
    const stdout = seen
      .filter((s) => s.stream === 'stdout')
      .map((s) => s.text)
      .join('');
    const stderr = seen
      .filter((s) => s.stream === 'stderr')
      .map((s) => s.text)
      .join('');
    expect(stdout).toBe('line-1\nline-2\nline-3\nline-4\nline-5\nline-6\n');
    expect(stderr).toBe('warn-1\nwarn-2\nwarn-3\nwarn-4\nwarn-5\nwarn-6\n');
    // The first line came while the run was still going (its last line is five seconds later).
    const first = seen.find((s) => s.text.includes('line-1'))!;
    expect(first.ended).toBe(false);
    expect(TERMINAL_STATUSES).not.toContain(first.status);
  });

  it('`lava logs -f` prints the lines as they come and exits with the run', async () => {
    const runId = await dispatch();
    const r = await e.lava(['logs', runId, '-f', '--job', 'live/lines', '--poll', '0.5s']);
    expect(r.code).toBe(0);
    // Both streams, as written, on stdout (as `lava logs` prints outputs); status changes on stderr.
    const lines = r.out.split('\n');
    for (let i = 1; i <= 6; i++) expect(lines).toEqual(expect.arrayContaining([`line-${i}`, `warn-${i}`]));
    expect(lines.indexOf('line-1')).toBeLessThan(lines.indexOf('line-6'));
    expect(r.out).not.toContain('==> s3://');
    expect(r.err).toMatch(new RegExp(`${runId}  complete`));
  });
});
