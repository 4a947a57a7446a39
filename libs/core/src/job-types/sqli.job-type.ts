import { SQL_PARAMETERS } from './sql.job-type';
import type { JobTypeSpec } from './job-type-spec';

export const SQLI_JOB_TYPE: JobTypeSpec = {
  type: 'sqli',
  summary: 'Runs SQL written inline in the payload on a connection.',
  payload: {
    description: 'SQL text, or a list of SQL texts (rendered).',
    type: ['string', 'array'],
    items: { type: 'string' },
  },
  parameters: SQL_PARAMETERS,
  required: ['conn_id'],
  connectionParameters: ['conn_id'],
};
