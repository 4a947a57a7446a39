import { type RunJob } from '@lava/core';
import { prepareChild } from './child-spec';

const parent = {
  job_id: 'demo/chain',
  type: 'chain',
  worker: 'core',
  payload: 'demo/b',
  parameters: {},
  globals: {},
  state: {},
  run_id: '00000000-0000-4000-8000-000000000001',
  realm: 'acme',
  ts_dispatch: new Date('2024-04-30T23:00:00Z'),
  ts_start: new Date('2024-04-30T23:00:00Z'),
  ts_ustart: new Date('2024-04-30T23:00:00Z'),
} as RunJob;

describe('prepareChild', () => {
  it("refuses a child of another worker with the original's wording", () => {
    expect(() =>
      prepareChild({ job_id: 'demo/b', type: 'log', worker: 'other', payload: 'x' }, parent, 'core', 'UTC'),
    ).toThrow('Job demo/b: Worker mismatch: Expected core but got other');
  });

  it('gives the child the parent start in local time with its offset', () => {
    const child = prepareChild(
      { job_id: 'demo/b', type: 'log', worker: 'core', payload: 'x' },
      parent,
      'core',
      'Australia/Sydney',
    );
    expect(child.globals.lava).toMatchObject({
      parent_job_id: 'demo/chain',
      parent_start: '2024-05-01T09:00:00+10:00',
      parent_ustart: '2024-04-30T23:00:00+00:00',
    });
  });
});
