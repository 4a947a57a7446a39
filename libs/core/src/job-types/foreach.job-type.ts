import { FOREACH_GENERATORS, FOREACH_PARAMETERS } from '../models/foreach-spec';
import { FLEET_PARAMETERS } from '../models/orchestration-mode';
import type { JobTypeSpec, ParamSchema } from './job-type-spec';
import { FLEET_PARAMS } from './dag.job-type';

const FOREACH: Record<(typeof FOREACH_PARAMETERS)[number], ParamSchema> = {
  foreach: {
    description: `The values to run the child for: a map with \`type\` (${Object.keys(FOREACH_GENERATORS).join(', ')}) and that generator's fields.`,
    type: 'object',
  },
  limit: {
    description: 'At most this many children (default: the FOREACH_LIMIT realm config).',
    type: 'integer',
  },
  can_fail: { description: 'A failed child does not fail the job (default false).', type: 'boolean' },
  jinja: { description: 'Render templates in `foreach` (default true).', type: ['boolean', 'string'] },
};

export const FOREACH_JOB_TYPE: JobTypeSpec = {
  type: 'foreach',
  summary: 'Runs one child job once for each value a generator yields (the value is in globals).',
  payload: { description: 'The child job id.', type: 'string' },
  parameters: { ...FOREACH, ...pick(FLEET_PARAMS, FLEET_PARAMETERS) },
  required: ['foreach'],
  connectionParameters: [],
  checkedByValidateJob: true,
};

function pick<T>(all: Record<string, T>, names: readonly string[]): Record<string, T> {
  return Object.fromEntries(names.map((n) => [n, all[n]!]));
}
