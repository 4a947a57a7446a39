import { validateJob } from '@lava/core';
import { formatProblems, validateRecords } from './validate-records';

const JOB = { kind: 'job', idField: 'job_id', validate: validateJob };
const job = (over: Record<string, unknown> = {}) => ({
  job_id: 'etl/load',
  type: 'cmd',
  worker: 'core',
  payload: null,
  owner: 'o',
  description: 'd',
  ...over,
});

describe('validateRecords', () => {
  it('passes valid records through as written (x- fields kept)', () => {
    const out = validateRecords(
      [{ file: 'a.yaml', position: 1, record: job({ 'x-sum': 'abc' }) }],
      JOB,
      false,
    );
    expect(out.problems).toEqual([]);
    expect(out.valid).toEqual([{ file: 'a.yaml', id: 'etl/load', record: job({ 'x-sum': 'abc' }) }]);
  });

  it('lists every problem of every record with file, record and JSON path', () => {
    const out = validateRecords(
      [
        { file: 'a.yaml', position: 1, record: job({ worker: undefined, globals: { lava_x: 1 } }) },
        { file: 'b.json', position: 1, record: job({ job_id: 'two', iteration_limit: 'lots' }) },
        { file: 'b.json', position: 2, record: 'not a map' },
      ].map((r) => ({
        ...r,
        record: typeof r.record === 'object' ? JSON.parse(JSON.stringify(r.record)) : r.record,
      })),
      JOB,
      false,
    );
    expect(out.valid).toEqual([]);
    expect(out.problems.map((p) => [p.file, p.record, p.path])).toEqual([
      ['a.yaml', 'job etl/load', ''],
      ['a.yaml', 'job etl/load', '/globals/lava_x'],
      ['b.json', 'job two', '/iteration_limit'],
      ['b.json', 'job (no job_id)', ''],
    ]);
    expect(formatProblems(out.problems)).toContain('a.yaml: job etl/load: Missing keys: worker');
    expect(formatProblems(out.problems)).toContain(
      'a.yaml: job etl/load /globals/lava_x: Reserved global: lava_x',
    );
  });

  it('warns about unknown fields, and rejects them in strict mode', () => {
    const record = job({ frob: 1 });
    expect(validateRecords([{ file: 'a', position: 1, record }], JOB, false)).toMatchObject({
      problems: [],
      warnings: [{ path: '/frob' }],
    });
    expect(validateRecords([{ file: 'a', position: 1, record }], JOB, true)).toMatchObject({
      valid: [],
      problems: [{ path: '/frob' }],
    });
  });

  it('refuses the same id twice in one call', () => {
    const out = validateRecords(
      [
        { file: 'a.yaml', position: 1, record: job() },
        { file: 'b.yaml', position: 1, record: job() },
      ],
      JOB,
      false,
    );
    expect(out.problems).toEqual([
      { file: 'b.yaml', record: 'job etl/load', path: '', message: 'duplicate job, also defined in a.yaml' },
    ]);
  });
});
