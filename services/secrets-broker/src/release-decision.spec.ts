import { GrantKeyring, signRunGrant, signWorkerRequest, type RunGrantClaims } from '@lava/grants';
import type { GrantKeySource } from './grant-keyring.source';
import { decideRelease, type DecisionDeps, type ReleaseRequest } from './release-decision';

const NOW = 10_000;
const claims: RunGrantClaims = {
  realm: 'acme',
  job_id: 'etl/load',
  run_id: 'r-1',
  worker: 'core',
  conn_ids: ['dw'],
  iat: NOW - 10,
  exp: NOW + 600,
};

class StaticKeys implements GrantKeySource {
  refreshes = 0;
  constructor(
    private ring: GrantKeyring,
    private next?: GrantKeyring,
  ) {}
  async keys() {
    return this.ring.all;
  }
  async refresh() {
    this.refreshes++;
    if (this.next) this.ring = this.next;
    return this.ring.all;
  }
}

const workerRing = GrantKeyring.parse(JSON.stringify(GrantKeyring.generate('w1')));

/** The request as the worker `core` signs it (its key: workerRing). */
function signed(r: Omit<ReleaseRequest, 'signature'>, key = workerRing.current): ReleaseRequest {
  const body = {
    realm: r.realm,
    worker: r.worker,
    job_id: r.jobId ?? '',
    run_id: r.runId ?? '',
    conn_id: r.connId,
    grant: r.grant ?? '',
  };
  return { ...r, signature: signWorkerRequest(body, key, NOW) };
}

function setup(opts: { status?: string | undefined; keys?: StaticKeys } = {}) {
  const { keys } = opts;
  const status = 'status' in opts ? opts.status : 'running';
  const ring = GrantKeyring.parse(JSON.stringify(GrantKeyring.generate('k1')));
  const statusCalls: string[] = [];
  const workerKeysAsked: string[] = [];
  const deps: DecisionDeps = {
    realm: 'acme',
    keys: keys ?? new StaticKeys(ring),
    workerKeys: (worker) => (workerKeysAsked.push(worker), new StaticKeys(workerRing)),
    runs: { status: async (runId) => (statusCalls.push(runId), status) },
    nowSeconds: () => NOW,
  };
  /** A request from worker `core`, signed after `over` applies (unless `over` brings its own signature). */
  const request = (over: Partial<ReleaseRequest> = {}, c: RunGrantClaims = claims): ReleaseRequest => {
    const fields = {
      grant: signRunGrant(c, ring.current),
      realm: 'acme',
      worker: 'core',
      connId: 'dw',
      jobId: 'etl/load',
      runId: 'r-1',
      ...over,
    };
    return 'signature' in over ? fields : signed(fields);
  };
  return { ring, deps, request, statusCalls, workerKeysAsked };
}

describe('decideRelease', () => {
  it('releases a named connection to the grant holder while its run is running', async () => {
    const { deps, request, statusCalls } = setup();
    await expect(decideRelease(request(), deps)).resolves.toEqual({ allowed: true, claims });
    expect(statusCalls).toEqual(['r-1']);
  });

  it('refuses a connection the job does not name, saying which run asked', async () => {
    const { deps, request } = setup();
    const d = await decideRelease(request({ connId: 'prod' }), deps);
    expect(d).toMatchObject({
      allowed: false,
      code: 'GRANT_CONNECTION_NOT_NAMED',
      claims: { run_id: 'r-1' },
    });
  });

  it.each([
    ['another worker', { worker: 'other' }, 'GRANT_WRONG_WORKER'],
    ['another realm in the request', { realm: 'prod' }, 'GRANT_WRONG_REALM'],
    ['no grant', { grant: undefined }, 'GRANT_MISSING'],
    ['a malformed grant', { grant: 'lg1.nope' }, 'GRANT_MALFORMED'],
  ])('refuses %s', async (_label, over, code) => {
    const { deps, request } = setup();
    expect(await decideRelease(request(over), deps)).toMatchObject({ allowed: false, code });
  });

  it('refuses a grant signed for another realm even when the request names this one', async () => {
    const { deps, request } = setup();
    expect(await decideRelease(request({}, { ...claims, realm: 'other' }), deps)).toMatchObject({
      allowed: false,
      code: 'GRANT_WRONG_REALM',
    });
  });

  it('refuses expired and tampered grants before looking at the run', async () => {
    const { deps, request, statusCalls } = setup();
    expect(await decideRelease(request({}, { ...claims, exp: NOW }), deps)).toMatchObject({
      allowed: false,
      code: 'GRANT_EXPIRED',
    });
    const [v, kid, , sig] = request().grant!.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, conn_ids: ['dw', 'prod'] })).toString('base64url');
    const tampered = await decideRelease(
      request({ grant: `${v}.${kid}.${forged}.${sig}`, connId: 'prod' }),
      deps,
    );
    expect(tampered).toEqual({ allowed: false, code: 'GRANT_BAD_SIGNATURE', reason: expect.any(String) });
    expect(statusCalls).toEqual([]);
  });

  it.each([
    ['finished', 'complete', 'GRANT_RUN_FINISHED'],
    ['failed', 'failed', 'GRANT_RUN_FINISHED'],
    ['never claimed', undefined, 'GRANT_RUN_NOT_STARTED'],
  ])('refuses a valid grant whose run is %s', async (_label, status, code) => {
    const { deps, request } = setup({ status });
    expect(await decideRelease(request(), deps)).toMatchObject({
      allowed: false,
      code,
      claims: { run_id: 'r-1' },
    });
  });

  it('reloads the keyring once when a grant names an unknown key (rotation)', async () => {
    const oldDoc = GrantKeyring.generate('old');
    const rotated = GrantKeyring.parse(JSON.stringify(GrantKeyring.rotate(oldDoc, 'new')));
    const keys = new StaticKeys(GrantKeyring.parse(JSON.stringify(oldDoc)), rotated);
    const { deps } = setup({ keys });
    const grant = signRunGrant(claims, rotated.current);
    expect(
      await decideRelease(
        signed({ grant, realm: 'acme', worker: 'core', connId: 'dw', jobId: 'etl/load', runId: 'r-1' }),
        deps,
      ),
    ).toMatchObject({
      allowed: true,
    });
    expect(keys.refreshes).toBe(1);
  });

  it('refuses a grant from a key it cannot find even after reloading', async () => {
    const { deps } = setup();
    const foreign = GrantKeyring.parse(JSON.stringify(GrantKeyring.generate('k9')));
    const d = await decideRelease(
      signed({
        grant: signRunGrant(claims, foreign.current),
        realm: 'acme',
        worker: 'core',
        connId: 'dw',
        jobId: 'etl/load',
        runId: 'r-1',
      }),
      deps,
    );
    expect(d).toMatchObject({ allowed: false, code: 'GRANT_UNKNOWN_KEY' });
  });

  it('refuses a valid grant presented for another run, and names the run the grant is for', async () => {
    const { deps, request, statusCalls } = setup();
    const base = request();
    const other = signed({ ...base, runId: 'r-2' });
    expect(await decideRelease(other, deps)).toMatchObject({
      allowed: false,
      code: 'GRANT_WRONG_RUN',
      claims: { run_id: 'r-1' },
    });
    expect(await decideRelease(signed({ ...base, runId: undefined }), deps)).toMatchObject({
      allowed: false,
      code: 'GRANT_WRONG_RUN',
    });
    expect(statusCalls).toEqual([]);
  });

  it('refuses a grant replayed without the worker key: unsigned, signed with another key, or re-signed for another connection', async () => {
    const { deps, request, workerKeysAsked } = setup();
    const base = request();
    const stranger = GrantKeyring.parse(JSON.stringify(GrantKeyring.generate('w1')));
    expect(await decideRelease({ ...base, signature: undefined }, deps)).toMatchObject({
      allowed: false,
      code: 'WORKER_SIGNATURE_MISSING',
    });
    expect(await decideRelease(signed(base, stranger.current), deps)).toMatchObject({
      allowed: false,
      code: 'WORKER_SIGNATURE_INVALID',
    });
    expect(
      await decideRelease(
        { ...base, connId: 'dw', signature: signed({ ...base, connId: 'other' }).signature },
        deps,
      ),
    ).toMatchObject({
      allowed: false,
      code: 'WORKER_SIGNATURE_INVALID',
    });
    // The keys asked for are those of the worker the grant names.
    expect(new Set(workerKeysAsked)).toEqual(new Set(['core']));
  });
});

describe('decideRelease for in-process children, templated conn_ids and migration mode', () => {
  const records: Record<string, Record<string, unknown>> = {
    'etl/chain': { job_id: 'etl/chain', worker: 'core', type: 'chain', payload: ['etl/child'] },
    'etl/child': { job_id: 'etl/child', worker: 'core', type: 'sql', parameters: { conn_id: 'child-db' } },
    'etl/load': {
      job_id: 'etl/load',
      worker: 'core',
      type: 'sql',
      parameters: { conn_id: '{{ globals.env }}-dw' },
    },
    'etl/other': { job_id: 'etl/other', worker: 'core', type: 'sql', parameters: { conn_id: 'secret-db' } },
  };
  const chainClaims: RunGrantClaims = {
    ...claims,
    job_id: 'etl/chain',
    conn_ids: [],
    job_ids: ['etl/child'],
  };
  const withJobs = (over: Partial<DecisionDeps> = {}) => {
    const s = setup();
    const reads: string[] = [];
    s.deps.jobs = { get: async (id) => (reads.push(id), records[id]) };
    Object.assign(s.deps, over);
    return { ...s, reads };
  };

  it('releases to a child the grant names the connection its own record names', async () => {
    const { deps, request, reads } = withJobs();
    const d = await decideRelease(request({ connId: 'child-db', jobId: 'etl/child' }, chainClaims), deps);
    expect(d).toMatchObject({ allowed: true, claims: { job_id: 'etl/chain' } });
    expect(reads).toEqual(['etl/child']);
  });

  it('refuses a child the grant does not name, and a connection the child record does not name', async () => {
    const { deps, request, reads } = withJobs();
    expect(
      await decideRelease(request({ connId: 'secret-db', jobId: 'etl/other' }, chainClaims), deps),
    ).toMatchObject({
      allowed: false,
      code: 'GRANT_CONNECTION_NOT_NAMED',
      reason: 'run r-1 of job etl/chain does not run job etl/other',
    });
    expect(reads).toEqual([]);
    expect(
      await decideRelease(request({ connId: 'secret-db', jobId: 'etl/child' }, chainClaims), deps),
    ).toMatchObject({
      allowed: false,
      code: 'GRANT_CONNECTION_NOT_NAMED',
      reason: 'job etl/child does not name connection "secret-db"',
    });
  });

  it('matches a templated conn_id against the literal parts of the stored template', async () => {
    const { deps, request } = withJobs();
    const load = { ...claims, conn_ids: [] };
    expect(await decideRelease(request({ connId: 'prod-dw', jobId: 'etl/load' }, load), deps)).toMatchObject({
      allowed: true,
    });
    expect(
      await decideRelease(request({ connId: 'prod-billing', jobId: 'etl/load' }, load), deps),
    ).toMatchObject({
      allowed: false,
      code: 'GRANT_CONNECTION_NOT_NAMED',
    });
  });

  it('refuses requests without a grant unless migration mode is on; then the job record and run ledger decide', async () => {
    const off = withJobs();
    const ungranted = signed({
      grant: undefined,
      realm: 'acme',
      worker: 'core',
      connId: 'child-db',
      jobId: 'etl/child',
      runId: 'r-9',
    });
    expect(await decideRelease(ungranted, off.deps)).toMatchObject({ allowed: false, code: 'GRANT_MISSING' });
    const on = withJobs({ ungrantedRuns: true });
    expect(await decideRelease(ungranted, on.deps)).toMatchObject({
      allowed: true,
      claims: { job_id: 'etl/child', run_id: 'r-9', conn_ids: [] },
    });
    expect(on.statusCalls).toEqual(['r-9']);
    expect(await decideRelease({ ...ungranted, connId: 'secret-db' }, on.deps)).toMatchObject({
      allowed: false,
      code: 'GRANT_CONNECTION_NOT_NAMED',
    });
    expect(await decideRelease({ ...ungranted, worker: 'gpu' }, on.deps)).toMatchObject({
      allowed: false,
      code: 'GRANT_WRONG_WORKER',
    });
    expect(await decideRelease({ ...ungranted, runId: undefined }, on.deps)).toMatchObject({
      allowed: false,
      code: 'GRANT_MISSING',
    });
    // Without a grant, the worker's signature is what ties the request to a worker process.
    expect(await decideRelease({ ...ungranted, signature: undefined }, on.deps)).toMatchObject({
      allowed: false,
      code: 'WORKER_SIGNATURE_MISSING',
    });
  });
});

describe('decideRelease for the grant job itself', () => {
  it('takes literal conn_ids from the grant only, templated ones from the record', async () => {
    const s = setup();
    s.deps.jobs = {
      get: async () => ({
        job_id: 'etl/load',
        worker: 'core',
        parameters: { conn_id: 'dw2', db_conn_id: 'x-{{ a }}' },
      }),
    };
    const own = { ...claims, conn_ids: [] };
    expect(await decideRelease(s.request({ connId: 'dw2', jobId: 'etl/load' }, own), s.deps)).toMatchObject({
      allowed: false,
      code: 'GRANT_CONNECTION_NOT_NAMED',
    });
    expect(await decideRelease(s.request({ connId: 'x-1', jobId: 'etl/load' }, own), s.deps)).toMatchObject({
      allowed: true,
    });
  });
});
