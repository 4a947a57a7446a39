import { DAG_PARAMETERS } from '../models/dag-graph';
import { FLEET_PARAMETERS, ORCHESTRATION_MODES } from '../models/orchestration-mode';
import type { JobTypeSpec, ParamSchema } from './job-type-spec';

/** Parameters of foreach and dag that choose how children run. */
export const FLEET_PARAMS: Record<(typeof FLEET_PARAMETERS)[number], ParamSchema> = {
  mode: {
    description: `How children run: ${ORCHESTRATION_MODES.join(', ')} (in this run, the default; fleet mode is not available yet).`,
    enum: ORCHESTRATION_MODES,
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
