import { DAG_PARAMETERS } from '../models/dag-graph';
import { FLEET_PARAMETERS, ORCHESTRATION_MODES } from '../models/orchestration-mode';
import { FLEET_POLICIES } from '../models/fleet';
import type { JobTypeSpec, ParamSchema } from './job-type-spec';

/** Parameters of foreach and dag that choose how children run. */
export const FLEET_PARAMS: Record<(typeof FLEET_PARAMETERS)[number], ParamSchema> = {
  mode: {
    description: `How children run: ${ORCHESTRATION_MODES.join(', ')} (in-process: inside this run, the default; fleet: each child a run of its own across the worker fleet).`,
    enum: ORCHESTRATION_MODES,
  },
  concurrency: {
    description: 'Fleet mode: children running at once (default: the FLEET_CONCURRENCY realm config, 4).',
    type: 'integer',
  },
  failure_policy: {
    description: `Fleet mode: ${FLEET_POLICIES.join(' or ')} (default fail-fast: a failed child stops further dispatches and fails the job at once).`,
    enum: FLEET_POLICIES,
  },
};

const DAG: Record<(typeof DAG_PARAMETERS)[number], ParamSchema> = {
  job_prefix: { description: 'Prefix added to each job id of the payload.', type: 'string' },
  workers: { description: 'Children running at once (in-process mode).', type: 'integer' },
  can_fail: {
    description: 'Job ids (glob patterns) whose failure does not stop the others.',
    type: ['string', 'array'],
  },
};

export const DAG_JOB_TYPE: JobTypeSpec = {
  type: 'dag',
  summary: 'Runs jobs in dependency order: the payload maps each job id to the jobs it needs first.',
  payload: { description: 'A map of job id to the list of job ids it depends on.', type: 'object' },
  parameters: {
    ...DAG,
    ...Object.fromEntries(FLEET_PARAMETERS.map((n) => [n, FLEET_PARAMS[n]])),
  },
  required: [],
  connectionParameters: [],
  checkedByValidateJob: true,
};
