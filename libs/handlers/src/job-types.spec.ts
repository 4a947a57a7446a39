import { JOB_TYPES, jobTypeParameterNames } from '@lava/core';
import { defaultHandlers } from './index';

describe('job types: the handlers and the declared specs agree', () => {
  it('every handler has a job-type spec in @lava/core, and every spec a handler', () => {
    expect(defaultHandlers().types()).toEqual(JOB_TYPES.map((t) => t.type).sort());
  });

  it('every spec that takes parameters describes each one', () => {
    for (const spec of JOB_TYPES) {
      for (const name of jobTypeParameterNames(spec.type))
        expect({ type: spec.type, name, described: Boolean(spec.parameters[name]?.description) }).toEqual({
          type: spec.type,
          name,
          described: true,
        });
    }
  });
});
