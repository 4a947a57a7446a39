import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ApiTokensRepository, DynamoFleetStore, JobsRepository, realmNames } from '@lava/aws';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { issueToken, type Role } from '@lava/operations';
import { provisionTestRealm, uniqueRealm, type TestRealm } from '@lava/testing';
import { bootstrap, type RunningApi } from './bootstrap';

const aws = useAwsEndpoint();

describe('HTTP API (in process, against the local AWS endpoint)', () => {
  let realm: TestRealm;
  let api: RunningApi;
  const tokens: Record<Role, string> = { reader: '', operator: '', admin: '' };
  const events: Array<{ 'detail-type': string; source: string; detail: Record<string, unknown> }> = [];

  const call = async (method: string, path: string, role?: Role | string, body?: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (role) headers.authorization = `Bearer ${tokens[role as Role] ?? role}`;
    const res = await fetch(`${api.apiUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as any) : undefined };
  };
  /** The realm's audit queue so far: every lava event published (no audit logger runs here). */
  const audit = async () => {
    events.push(...(await realm.auditEvents()));
    return events;
  };

  /** Stores a run's events item as the audit logger would. */
  const run = (job_id: string, run_id: string, status: string, tu: string) =>
    realm.clients.dynamo.send(
      new PutCommand({
        TableName: realmNames(realm.realm).tables.events,
        Item: {
          job_id,
          run_id,
          status,
          tu_event: tu,
          ts_event: `${tu}+00:00`,
          event_ids: ['e1'],
          rev: 3,
          log: [
            { status: 'dispatched', ts_event: `${tu}+00:00`, tu_event: tu, info: {} },
            { status, ts_event: `${tu}+00:00`, tu_event: tu, info: {} },
          ],
        },
      }),
    );

  beforeAll(async () => {
    realm = await provisionTestRealm(aws.url(), { realm: uniqueRealm('api') });
    const jobs = new JobsRepository(realm.clients.dynamo, realm.realm);
    await jobs.put({ job_id: 'demo/hello', type: 'cmd', worker: 'core', payload: 'echo hi', enabled: true });
    await jobs.put({
      job_id: 'demo/tick',
      type: 'log',
      worker: 'core',
      payload: '--',
      dispatcher: 'main',
      schedule: '*/5 * * * *',
    });
    await jobs.put({ job_id: 'demo/broken', type: 'cmd', payload: 'x' } as never);
    const store = new ApiTokensRepository(realm.clients.dynamo, realm.realm);
    for (const role of ['reader', 'operator', 'admin'] as const) {
      const issued = issueToken(`${role}-user`, role);
      tokens[role] = issued.token;
      await store.store(issued.record.token_id, { ...issued.record, created_at: new Date().toISOString() });
    }
    await run('demo/hello', 'run-failed-1', 'failed', '2030-01-01T00:00:03');
    await run('demo/hello', 'run-done-1', 'complete', '2030-01-01T00:00:02');
    await run('demo/tick', 'run-done-2', 'complete', '2030-01-01T00:00:01');
    api = await bootstrap(
      { ...realm.env, LAVA_API_PORT: '0', LAVA_HEALTH_PORT: '0', LAVA_API_AUTH: 'tokens' },
      { sink: () => undefined },
    );
  });

  afterAll(async () => {
    await api?.stop();
    realm?.clients.destroy();
  });

  describe('authentication', () => {
    it('refuses anonymous requests with 401 AUTH_REQUIRED', async () => {
      const res = await call('GET', '/api/v1/jobs');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'AUTH_REQUIRED', message: expect.any(String) });
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    });

    it('refuses unknown, tampered and malformed tokens alike (401 AUTH_INVALID)', async () => {
      const tampered = `${tokens.admin.slice(0, -2)}xx`;
      for (const bad of [tampered, 'lava_000000000000_' + 'a'.repeat(43), 'not-a-token']) {
        const res = await call('GET', '/api/v1/jobs', bad);
        expect(res).toMatchObject({ status: 401, body: { code: 'AUTH_INVALID' } });
      }
    });

    it('tells a caller who it is', async () => {
      expect((await call('GET', '/api/v1/whoami', 'reader')).body).toEqual({
        name: 'reader-user',
        role: 'reader',
        realm: realm.realm,
      });
    });
  });

  describe('reads (reader)', () => {
    it('lists jobs in pages', async () => {
      const first = await call('GET', '/api/v1/jobs?limit=2', 'reader');
      expect(first.status).toBe(200);
      expect(first.body.items.map((j: { job_id: string }) => j.job_id)).toEqual([
        'demo/broken',
        'demo/hello',
      ]);
      const second = await call('GET', `/api/v1/jobs?limit=2&cursor=${first.body.next_cursor}`, 'reader');
      expect(second.body).toEqual({
        items: [expect.objectContaining({ job_id: 'demo/tick', scheduled: true })],
      });
    });

    it('shows a job with its validation status (job ids are URL-encoded)', async () => {
      const ok = await call('GET', '/api/v1/jobs/demo%2Fhello', 'reader');
      expect(ok.body).toMatchObject({
        job: { job_id: 'demo/hello' },
        validation: { valid: true, errors: [] },
      });
      const broken = await call('GET', '/api/v1/jobs/demo%2Fbroken', 'reader');
      expect(broken.body.validation.valid).toBe(false);
      expect(broken.body.validation.errors[0].message).toContain('worker');
      expect((await call('GET', '/api/v1/jobs/nope', 'reader')).body).toEqual({
        code: 'NOT_FOUND',
        message: 'job not found: nope',
      });
    });

    it('lists runs by job, status and time, newest first, paged by cursor', async () => {
      const all = await call('GET', '/api/v1/runs?limit=2', 'reader');
      expect(all.body.items.map((r: { run_id: string }) => r.run_id)).toEqual(['run-failed-1', 'run-done-1']);
      expect(all.body.items[0]).not.toHaveProperty('event_ids');
      expect(all.body.items[0]).not.toHaveProperty('rev');
      const rest = await call('GET', `/api/v1/runs?limit=2&cursor=${all.body.next_cursor}`, 'reader');
      expect(rest.body.items.map((r: { run_id: string }) => r.run_id)).toEqual(['run-done-2']);
      const failed = await call('GET', '/api/v1/runs?job_id=demo/hello&status=failed', 'reader');
      expect(failed.body.items.map((r: { run_id: string }) => r.run_id)).toEqual(['run-failed-1']);
      const recent = await call('GET', '/api/v1/runs?since=2030-01-01T00:00:02Z', 'reader');
      expect(recent.body.items).toHaveLength(2);
      expect((await call('GET', '/api/v1/runs?since=soon', 'reader')).body.code).toBe('BAD_REQUEST');
      expect((await call('GET', '/api/v1/runs?limit=0', 'reader')).body.code).toBe('BAD_REQUEST');
      expect((await call('GET', '/api/v1/runs?cursor=%%%', 'reader')).body.code).toBe('BAD_REQUEST');
    });

    it('shows one run with its log, children and outputs', async () => {
      const res = await call('GET', '/api/v1/runs/run-failed-1', 'reader');
      expect(res.body).toMatchObject({
        run: {
          job_id: 'demo/hello',
          status: 'failed',
          log: [{ status: 'dispatched' }, { status: 'failed' }],
        },
        children: [],
        outputs: [],
      });
      expect((await call('GET', '/api/v1/runs/nope', 'reader')).status).toBe(404);
    });

    it("shows a fleet-mode run's child runs with their own statuses", async () => {
      // A fleet-mode foreach: one child ran (its own run), the other was never dispatched.
      await run('demo/each', 'run-fleet-1', 'waiting', '2030-01-01T00:00:04');
      await run('demo/hello', 'run-child-0', 'complete', '2030-01-01T00:00:05');
      const child = (key: string, run_id: string, state: 'complete' | 'pending') => ({
        key,
        job_id: 'demo/hello',
        run_id,
        needs: [],
        excused: false,
        globals: {},
        state,
      });
      await new DynamoFleetStore(realm.clients.dynamo, realm.realm).create({
        parent_job_id: 'demo/each',
        parent_run_id: 'run-fleet-1',
        parent_type: 'foreach',
        worker: 'core',
        policy: 'fail-fast',
        concurrency: 1,
        children: [child('0', 'run-child-0', 'complete'), child('1', 'run-child-1', 'pending')],
        resume: { tries: 0 },
        version: 0,
      });
      const res = await call('GET', '/api/v1/runs/run-fleet-1', 'reader');
      expect(res.status).toBe(200);
      expect(res.body.fleet).toEqual({
        policy: 'fail-fast',
        concurrency: 1,
        children: [
          { key: '0', job_id: 'demo/hello', run_id: 'run-child-0', status: 'complete' },
          { key: '1', job_id: 'demo/hello', run_id: 'run-child-1', status: 'pending' },
        ],
      });
      expect((await call('GET', '/api/v1/runs/run-done-1', 'reader')).body.fleet).toBeUndefined();
    });

    it('reports next fires per job, triggers and queue depths', async () => {
      const sched = await call('GET', '/api/v1/schedules?count=2', 'reader');
      expect(sched.body.items).toEqual([
        expect.objectContaining({
          job_id: 'demo/tick',
          dispatcher: 'main',
          paused: false,
          next: [expect.anything(), expect.anything()],
        }),
      ]);
      expect((await call('GET', '/api/v1/triggers', 'reader')).body).toEqual({ s3: [], rules: [] });
      const queues = await call('GET', '/api/v1/queues', 'reader');
      expect(queues.body.items).toContainEqual({
        queue: `lava-${realm.realm}-core`,
        kind: 'worker',
        name: 'core',
        visible: 0,
        in_flight: 0,
        delayed: 0,
        dead_letter: 0,
      });
      expect(queues.body.items.find((q: { name: string }) => q.name === 'dispatch').kind).toBe('service');
    });
  });

  describe('operating actions', () => {
    it('refuses a reader that dispatches (403) and audits the refusal', async () => {
      const res = await call('POST', '/api/v1/jobs/demo%2Fhello/dispatch', 'reader', {});
      expect(res).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      const refused = (await audit()).find(
        (e) => e['detail-type'] === 'Operator Action' && e.detail.outcome === 'refused',
      );
      expect(refused).toMatchObject({
        source: 'lava.api',
        detail: {
          action: 'dispatch',
          principal: 'reader-user',
          role: 'reader',
          job_id: 'demo/hello',
          code: 'FORBIDDEN',
        },
      });
    });

    it('lets an operator dispatch with parameters and audits it with the run id', async () => {
      const res = await call('POST', '/api/v1/jobs/demo%2Fhello/dispatch', 'operator', {
        parameters: { vars: { who: 'api' } },
        delay: '5s',
      });
      expect(res.status).toBe(202);
      const runId = res.body.run_id as string;
      const seen = await audit();
      expect(seen).toContainEqual(
        expect.objectContaining({
          'detail-type': 'Dispatch Requested',
          source: 'lava.api',
          detail: expect.objectContaining({
            job_id: 'demo/hello',
            parameters: { vars: { who: 'api' } },
            delay: 5,
            requested_by: 'lava-api:operator-user',
            idempotency_key: res.body.idempotency_key,
          }),
        }),
      );
      expect(seen).toContainEqual(
        expect.objectContaining({
          'detail-type': 'Operator Action',
          detail: expect.objectContaining({ action: 'dispatch', outcome: 'accepted', run_id: runId }),
        }),
      );
    });

    it('validates dispatch requests at the boundary', async () => {
      expect(
        (await call('POST', '/api/v1/jobs/demo%2Fhello/dispatch', 'operator', { delay: '1h' })).body.code,
      ).toBe('BAD_REQUEST');
      expect(
        (await call('POST', '/api/v1/jobs/demo%2Fhello/dispatch', 'operator', { bogus: 1 })).body.code,
      ).toBe('BAD_REQUEST');
      expect((await call('POST', '/api/v1/jobs/nope/dispatch', 'operator', {})).status).toBe(404);
    });

    it('retries failed runs only', async () => {
      const res = await call('POST', '/api/v1/runs/run-failed-1/retry', 'operator', {});
      expect(res.status).toBe(202);
      expect(res.body.job_id).toBe('demo/hello');
      expect(await audit()).toContainEqual(
        expect.objectContaining({
          'detail-type': 'Operator Action',
          detail: expect.objectContaining({
            action: 'retry',
            retry_of: 'run-failed-1',
            run_id: res.body.run_id,
          }),
        }),
      );
      expect((await call('POST', '/api/v1/runs/run-done-1/retry', 'operator', {})).body.code).toBe(
        'CONFLICT',
      );
      expect((await call('POST', '/api/v1/runs/run-failed-1/retry', 'reader', {})).status).toBe(403);
    });

    it('pauses and resumes a dispatcher', async () => {
      expect(
        (await call('POST', '/api/v1/dispatchers/main/pause', 'operator', { reason: 'maintenance' })).body,
      ).toEqual({
        dispatcher: 'main',
        paused: true,
      });
      const sched = await call('GET', '/api/v1/schedules', 'reader');
      expect(sched.body.items[0].paused).toBe(true);
      expect(sched.body.paused).toEqual([
        expect.objectContaining({ dispatcher: 'main', paused_by: 'operator-user' }),
      ]);
      expect((await call('POST', '/api/v1/dispatchers/main/resume', 'admin')).body.paused).toBe(false);
      expect((await call('POST', '/api/v1/dispatchers/main/resume', 'admin')).body.code).toBe('CONFLICT');
      expect(await audit()).toContainEqual(
        expect.objectContaining({
          'detail-type': 'Operator Action',
          detail: expect.objectContaining({ action: 'pause', dispatcher: 'main', reason: 'maintenance' }),
        }),
      );
    });
  });

  it('serves the OpenAPI document generated from the controllers', async () => {
    const doc = await call('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/jobs',
        '/api/v1/jobs/{job_id}/dispatch',
        '/api/v1/runs/{run_id}/retry',
        '/api/v1/runs/{run_id}/logs',
        '/api/v1/dispatchers/{name}/pause',
        '/api/v1/queues',
      ]),
    );
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('serves the console without authentication (it holds no data) and never a secret', async () => {
    const page = await fetch(`${api.apiUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Lava');
    const jobs = JSON.stringify((await call('GET', '/api/v1/jobs', 'admin')).body);
    for (const t of Object.values(tokens)) expect(jobs).not.toContain(t.slice(18));
  });
});
