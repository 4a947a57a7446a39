import { validateJob } from '../validation/validate-job';
import { assertPathSafe, pathSafetyProblem } from './path-safe';

describe('path-safe ids', () => {
  it.each([
    ['job_id', 'demo/hello'],
    ['job_id', 'etl/load.v2@prod'],
    ['run_id', '0b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11'],
    ['worker', 'core'],
    ['worker', 'gpu_big-2'],
  ] as const)('accepts %s %s', (kind, value) => {
    expect(pathSafetyProblem(kind, value)).toBeUndefined();
  });

  it.each([
    ['job_id', '../../victim/planted', /"\.\." segments would leave its S3 prefix/],
    ['job_id', '/abs', /not allowed: use segments/],
    ['job_id', 'a//b', /not allowed: use segments/],
    ['job_id', 'a\\b', /not allowed/],
    ['job_id', 'x'.repeat(513), /at most 512/],
    ['run_id', '../r', /not allowed/],
    ['worker', '../../x', /worker "..\/..\/x" is not allowed/],
    ['worker', '-x', /not allowed/],
  ] as const)('refuses %s %s', (kind, value, message) => {
    expect(pathSafetyProblem(kind, value)).toMatch(message);
    expect(() => assertPathSafe(kind, value)).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }));
  });

  it('is checked when a job is written, with the path of the bad field', () => {
    const attempt = () =>
      validateJob({ job_id: '../../victim/planted', type: 'cmd', worker: '../../x', payload: 'true' });
    expect(attempt).toThrow(
      /\/job_id: job_id "\.\.\/\.\.\/victim\/planted" is not allowed: "\." and "\.\." segments/,
    );
    expect(attempt).toThrow(/\/worker: worker "\.\.\/\.\.\/x" is not allowed/);
  });
});
