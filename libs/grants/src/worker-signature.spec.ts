import { GrantKeyring } from './grant-keyring';
import {
  signWorkerRequest,
  verifyWorkerRequest,
  workerKeySecretId,
  type WorkerRequest,
} from './worker-signature';

const request: WorkerRequest = {
  realm: 'demo',
  worker: 'core',
  job_id: 'etl',
  run_id: 'r-1',
  conn_id: 'pg',
  grant: 'lg1.k1.body.sig',
};

describe('worker request signatures', () => {
  const ring = GrantKeyring.parse(JSON.stringify(GrantKeyring.generate('w1')));
  const verify =
    (sig: string | undefined, r: WorkerRequest = request, now = 1000) =>
    () =>
      verifyWorkerRequest(sig, r, { keys: ring.all, nowSeconds: now });

  it('accepts a request signed with the worker key within a minute', () => {
    expect(verify(signWorkerRequest(request, ring.current, 1000), request, 1059)).not.toThrow();
  });

  it.each([
    ['another run id', { run_id: 'r-2' }],
    ['another job', { job_id: 'x' }],
    ['another connection', { conn_id: 'prod' }],
    ['another worker', { worker: 'big' }],
    ['another grant', { grant: 'lg1.k1.other.sig' }],
  ])('refuses a signature replayed for %s', (_label, change) => {
    const sig = signWorkerRequest(request, ring.current, 1000);
    expect(verify(sig, { ...request, ...change })).toThrow(
      expect.objectContaining({ code: 'WORKER_SIGNATURE_INVALID' }),
    );
  });

  it('refuses missing, malformed, stale and foreign-key signatures', () => {
    const foreign = GrantKeyring.parse(JSON.stringify(GrantKeyring.generate('w1')));
    expect(verify(undefined)).toThrow(expect.objectContaining({ code: 'WORKER_SIGNATURE_MISSING' }));
    expect(verify('lw1.w1.notanumber.x')).toThrow(
      expect.objectContaining({ code: 'WORKER_SIGNATURE_MALFORMED' }),
    );
    expect(verify(signWorkerRequest(request, ring.current, 900))).toThrow(
      expect.objectContaining({ code: 'WORKER_SIGNATURE_STALE' }),
    );
    expect(verify(signWorkerRequest(request, foreign.current, 1000))).toThrow(
      expect.objectContaining({ code: 'WORKER_SIGNATURE_INVALID' }),
    );
    const other = GrantKeyring.parse(JSON.stringify(GrantKeyring.generate('w9')));
    expect(verify(signWorkerRequest(request, other.current, 1000))).toThrow(
      expect.objectContaining({ code: 'WORKER_SIGNATURE_UNKNOWN_KEY' }),
    );
  });

  it('names one secret per worker fleet', () => {
    expect(workerKeySecretId('demo', 'core')).toBe('lava/demo/_worker-keys/core');
  });
});
