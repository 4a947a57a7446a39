import { JOB_IDS_PAYLOAD, PARAM, type JobTypeSpec } from './job-type-spec';

export const CHAIN_JOB_TYPE: JobTypeSpec = {
  type: 'chain',
  summary: 'Runs other jobs one after the other, in this run, on this worker.',
  payload: JOB_IDS_PAYLOAD,
  parameters: {
    job_prefix: PARAM.job_prefix,
    start: { description: 'Start the chain at this job id (resume after a failure).', type: 'string' },
    can_fail: {
      description: 'Job ids whose failure does not stop the chain.',
      type: ['string', 'array'],
      items: { type: 'string' },
    },
  },
  required: [],
  connectionParameters: [],
};
