import { jobNamesConnection } from '@lava/core';
import {
  assertGrantCovers,
  grantJobIds,
  GrantError,
  verifyRunGrant,
  verifyWorkerRequest,
  type RunGrantClaims,
} from '@lava/grants';
import type { BrokerRefusal } from './errors';
import type { GrantKeySource } from './grant-keyring.source';
import type { RunStatusSource } from './run-status.source';

/** What a worker asks for: one connection, under the run grant it was handed. */
export interface ReleaseRequest {
  /** The bearer token (run grant); undefined when the request carried none. */
  grant: string | undefined;
  realm: string;
  worker: string;
  connId: string;
  /** The job asking (a child of the grant's job, or the job itself); checked against the grant. */
  jobId?: string;
  /** The run asking: must be the grant's (trusted alone only in migration mode, with no grant). */
  runId?: string;
  /** `X-Lava-Worker-Signature`: the request signed with the worker fleet's own key. */
  signature?: string;
  /** W3C `traceparent` of the worker's span: the broker's span joins the run's trace. */
  traceparent?: string;
}

export type ReleaseDecision =
  | { allowed: true; claims: RunGrantClaims }
  /** `claims` is set once the grant verified, so a refusal can name the run it came from. */
  | { allowed: false; code: BrokerRefusal; reason: string; claims?: RunGrantClaims };

/** Stored job records (the jobs table), read when a grant's literal conn_id list does not cover a request. */
export interface JobRecordSource {
  get(jobId: string): Promise<Record<string, unknown> | undefined>;
}

export interface DecisionDeps {
  /** The realm this broker serves; grants for any other are refused. */
  realm: string;
  keys: GrantKeySource;
  /** Request-signing keys of one worker fleet (`lava/<realm>/_worker-keys/<worker>`). */
  workerKeys(worker: string): GrantKeySource;
  runs: RunStatusSource;
  /** Job records, for child jobs and templated conn_ids. */
  jobs?: JobRecordSource;
  /**
   * Migration mode (off by default): a request with no grant (a run message sent by the
   * original's dispatcher) gets the connections its job's record names, while its run is running.
   */
  ungrantedRuns?: boolean;
  nowSeconds: () => number;
}

const RUNNING = 'running';

/**
 * Decides whether `request` may receive its connection: the grant's signature (reloading the
 * keyring once when it names an unknown key: a rotation), its time window, realm, worker and
 * conn_id list — or, for a conn_id the list lacks, the stored record of the asking job when the
 * grant names that job (its in-process children, templated conn_ids) —, the run it names, the
 * worker's own signature over the request (so a grant copied from a queue is useless without the
 * worker's key), and finally the run ledger, so a grant stops working once its run finished.
 */
export async function decideRelease(request: ReleaseRequest, deps: DecisionDeps): Promise<ReleaseDecision> {
  if (!request.grant)
    return deps.ungrantedRuns
      ? decideUngranted(request, deps)
      : refuse('GRANT_MISSING', 'no run grant presented');
  let claims: RunGrantClaims | undefined;
  try {
    claims = await verify(request.grant, deps);
    if (request.realm !== deps.realm)
      throw new GrantError('GRANT_WRONG_REALM', `this broker serves realm "${deps.realm}"`);
    await assertCovers(claims, request, deps);
    await verifyWorker(request, claims, deps);
  } catch (err) {
    // Once verified, the claims name the run that asked; before that they are untrusted.
    if (err instanceof GrantError) return refuse(err.code, err.message, claims);
    throw err;
  }
  return checkRunning(claims, deps);
}

/** The grant's literal list first; then the asking job's record, if the grant lets it be consulted. */
async function assertCovers(
  claims: RunGrantClaims,
  request: ReleaseRequest,
  deps: DecisionDeps,
): Promise<void> {
  try {
    assertGrantCovers(claims, {
      realm: deps.realm,
      worker: request.worker,
      connId: request.connId,
      runId: request.runId,
    });
  } catch (err) {
    if (!(err instanceof GrantError) || err.code !== 'GRANT_CONNECTION_NOT_NAMED') throw err;
    const jobId = request.jobId ?? claims.job_id;
    if (!grantJobIds(claims).includes(jobId)) {
      throw new GrantError(
        'GRANT_CONNECTION_NOT_NAMED',
        `run ${claims.run_id} of job ${claims.job_id} does not run job ${jobId}`,
      );
    }
    const record = deps.jobs ? await deps.jobs.get(jobId) : undefined;
    // The grant already lists the literal conn_ids of its own job (with dispatch parameters
    // merged), so only that job's templated references are read from its record.
    const templatedOnly = jobId === claims.job_id;
    if (!record || !jobNamesConnection(record, request.connId, { templatedOnly })) {
      throw new GrantError(
        'GRANT_CONNECTION_NOT_NAMED',
        `job ${jobId} does not name connection "${request.connId}"`,
      );
    }
  }
}

/** Migration mode: no grant; the caller's job record and the run ledger decide. */
async function decideUngranted(request: ReleaseRequest, deps: DecisionDeps): Promise<ReleaseDecision> {
  if (!request.jobId || !request.runId)
    return refuse('GRANT_MISSING', 'no run grant presented, and no job_id and run_id to check instead');
  if (request.realm !== deps.realm)
    return refuse('GRANT_WRONG_REALM', `this broker serves realm "${deps.realm}"`);
  const now = deps.nowSeconds();
  const claims: RunGrantClaims = {
    realm: deps.realm,
    job_id: request.jobId,
    run_id: request.runId,
    worker: request.worker,
    conn_ids: [],
    iat: now,
    exp: now,
  };
  const record = deps.jobs ? await deps.jobs.get(request.jobId) : undefined;
  if (!record) return refuse('GRANT_CONNECTION_NOT_NAMED', `no job ${request.jobId}`, claims);
  if (record.worker !== request.worker)
    return refuse(
      'GRANT_WRONG_WORKER',
      `job ${request.jobId} runs on worker "${String(record.worker)}"`,
      claims,
    );
  if (!jobNamesConnection(record, request.connId)) {
    return refuse(
      'GRANT_CONNECTION_NOT_NAMED',
      `job ${request.jobId} does not name connection "${request.connId}"`,
      claims,
    );
  }
  try {
    // Without a grant the worker's signature is all that ties the request to a worker process.
    await verifyWorker(request, claims, deps);
  } catch (err) {
    if (err instanceof GrantError) return refuse(err.code, err.message, claims);
    throw err;
  }
  return checkRunning(claims, deps);
}

async function checkRunning(claims: RunGrantClaims, deps: DecisionDeps): Promise<ReleaseDecision> {
  const status = await deps.runs.status(claims.run_id);
  if (status === undefined)
    return refuse('GRANT_RUN_NOT_STARTED', `run ${claims.run_id} has not been claimed by a worker`, claims);
  if (status !== RUNNING) return refuse('GRANT_RUN_FINISHED', `run ${claims.run_id} is ${status}`, claims);
  return { allowed: true, claims };
}

async function verify(grant: string, deps: DecisionDeps): Promise<RunGrantClaims> {
  try {
    return verifyRunGrant(grant, { keys: await deps.keys.keys(), nowSeconds: deps.nowSeconds() });
  } catch (err) {
    if (!(err instanceof GrantError) || err.code !== 'GRANT_UNKNOWN_KEY') throw err;
    return verifyRunGrant(grant, { keys: await deps.keys.refresh(), nowSeconds: deps.nowSeconds() });
  }
}

/** The request must be signed with a key of the worker fleet the grant (or job record) names. */
async function verifyWorker(
  request: ReleaseRequest,
  claims: RunGrantClaims,
  deps: DecisionDeps,
): Promise<void> {
  const signed = {
    realm: claims.realm,
    worker: claims.worker,
    job_id: request.jobId ?? '',
    run_id: claims.run_id,
    conn_id: request.connId,
    grant: request.grant ?? '',
  };
  const source = deps.workerKeys(claims.worker);
  const check = async (keys: ReadonlyMap<string, Buffer>) =>
    verifyWorkerRequest(request.signature, signed, { keys, nowSeconds: deps.nowSeconds() });
  try {
    await check(await source.keys());
  } catch (err) {
    // A worker that just created or rotated its key: read the keys once more.
    if (!(err instanceof GrantError) || err.code !== 'WORKER_SIGNATURE_UNKNOWN_KEY') throw err;
    await check(await source.refresh());
  }
}

function refuse(code: BrokerRefusal, reason: string, claims?: RunGrantClaims): ReleaseDecision {
  return { allowed: false, code, reason, ...(claims ? { claims } : {}) };
}
