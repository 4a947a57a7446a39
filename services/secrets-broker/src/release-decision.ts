import { assertGrantCovers, GrantError, verifyRunGrant, type RunGrantClaims } from '@lava/grants';
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
}

export type ReleaseDecision =
  | { allowed: true; claims: RunGrantClaims }
  /** `claims` is set once the grant verified, so a refusal can name the run it came from. */
  | { allowed: false; code: BrokerRefusal; reason: string; claims?: RunGrantClaims };

export interface DecisionDeps {
  /** The realm this broker serves; grants for any other are refused. */
  realm: string;
  keys: GrantKeySource;
  runs: RunStatusSource;
  nowSeconds: () => number;
}

const RUNNING = 'running';

/**
 * Decides whether `request` may receive its connection: the grant's signature (reloading the
 * keyring once when it names an unknown key: a rotation), its time window, realm, worker and
 * conn_id list, and finally the run ledger, so a grant stops working once its run finished.
 */
export async function decideRelease(request: ReleaseRequest, deps: DecisionDeps): Promise<ReleaseDecision> {
  if (!request.grant) return refuse('GRANT_MISSING', 'no run grant presented');
  let claims: RunGrantClaims | undefined;
  try {
    claims = await verify(request.grant, deps);
    if (request.realm !== deps.realm)
      throw new GrantError('GRANT_WRONG_REALM', `this broker serves realm "${deps.realm}"`);
    assertGrantCovers(claims, { realm: deps.realm, worker: request.worker, connId: request.connId });
  } catch (err) {
    // Once verified, the claims name the run that asked; before that they are untrusted.
    if (err instanceof GrantError) return refuse(err.code, err.message, claims);
    throw err;
  }
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

function refuse(code: BrokerRefusal, reason: string, claims?: RunGrantClaims): ReleaseDecision {
  return { allowed: false, code, reason, ...(claims ? { claims } : {}) };
}
