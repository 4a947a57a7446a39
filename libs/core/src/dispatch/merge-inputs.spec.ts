import type { JsonMap } from '../models/json';
import { deepMerge, mergeChildGlobals, mergeRunInputs } from './merge-inputs';

describe('mergeRunInputs', () => {
  it('worked example: one level deep', () => {
    const job = { parameters: { action: 'run', timeout: '20m', vars: { keep: 1 } } };
    const msg = { parameters: { timeout: '1h', vars: { location: 'Quito' } } };
    expect(mergeRunInputs(job, msg).parameters).toEqual({
      action: 'run',
      timeout: '1h',
      vars: { location: 'Quito' },
    });
  });

  it('with the opt-in deep merge keeps nested keys', () => {
    const job = { parameters: { action: 'run', timeout: '20m', vars: { keep: 1 } } };
    const msg = { parameters: { timeout: '1h', vars: { location: 'Quito' } } };
    expect(mergeRunInputs(job, msg, { deep: true }).parameters).toEqual({
      action: 'run',
      timeout: '1h',
      vars: { keep: 1, location: 'Quito' },
    });
  });

  it('trigger globals: mode is lost because the merge is shallow', () => {
    const job = { parameters: { vars: { day: 'unset', mode: 'full' }, timeout: '30m' } };
    const msg = { parameters: { vars: { day: '2024-05-01' } } };
    expect(mergeRunInputs(job, msg).parameters).toEqual({ vars: { day: '2024-05-01' }, timeout: '30m' });
  });

  it('globals: the message wins and its lava map replaces wholesale, even in deep mode', () => {
    const job = { globals: { country: 'AU', region: 'x' } };
    const msg = { globals: { country: 'NZ', lava: { parent_job_id: 'p', iteration: 1 } } };
    const deep = mergeRunInputs({ globals: { ...job.globals, lava: { old: 1 } } }, msg, { deep: true });
    expect(mergeRunInputs(job, msg).globals).toEqual({
      country: 'NZ',
      region: 'x',
      lava: { parent_job_id: 'p', iteration: 1 },
    });
    expect(deep.globals.lava).toEqual({ parent_job_id: 'p', iteration: 1 });
  });

  it('handles missing maps and never aliases its inputs', () => {
    const job: { parameters: JsonMap; globals?: JsonMap | null } = {
      parameters: { vars: { a: 1 } },
      globals: null,
    };
    const out = mergeRunInputs(job, {});
    expect(out).toEqual({ parameters: { vars: { a: 1 } }, globals: {} });
    (out.parameters.vars as JsonMap).a = 2;
    expect(job.parameters).toEqual({ vars: { a: 1 } });
  });

  it('deep merge replaces arrays and scalars', () => {
    expect(deepMerge({ a: [1, 2], b: { c: 1 }, d: { e: 1 } }, { a: [3], b: 'x', d: { f: 2 } })).toEqual({
      a: [3],
      b: 'x',
      d: { e: 1, f: 2 },
    });
  });
});

describe('mergeChildGlobals (in-process children)', () => {
  it('the parent wins, then foreach values win', () => {
    const child = { a: 'child', b: 'child', lava: { x: 1 } };
    const parent = { a: 'parent', lava: { parent_job_id: 'p' } };
    expect(mergeChildGlobals(child, parent)).toEqual({
      a: 'parent',
      b: 'child',
      lava: { parent_job_id: 'p' },
    });
    expect(mergeChildGlobals(child, parent, { a: 'iter' })).toMatchObject({ a: 'iter' });
  });

  it('copies deeply so children cannot change the parent view', () => {
    const parent: JsonMap = { lava: { parent_job_id: 'p' } };
    const merged = mergeChildGlobals({}, parent);
    (merged.lava as JsonMap).parent_job_id = 'child';
    expect(parent.lava).toEqual({ parent_job_id: 'p' });
  });
});
