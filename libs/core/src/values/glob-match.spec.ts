import { globMatch } from './glob-match';

describe('globMatch (fnmatchcase)', () => {
  it.each([
    ['etl/*', 'etl/a/b', true],
    ['etl/?', 'etl/a', true],
    ['etl/?', 'etl/ab', false],
    ['ETL/*', 'etl/a', false],
    ['job[12]', 'job2', true],
    ['job[!12]', 'job2', false],
    ['a.b', 'axb', false],
    ['*', '', true],
  ])('%s vs %s -> %s', (pattern, text, expected) => {
    expect(globMatch(pattern, text)).toBe(expected);
  });
});

describe('globMatch with ignoreCase (the utilities’ -i)', () => {
  it('folds case of both sides only when asked', () => {
    expect(globMatch('*REDSHIFT*', 'dw-redshift-01')).toBe(false);
    expect(globMatch('*REDSHIFT*', 'dw-redshift-01', { ignoreCase: true })).toBe(true);
    expect(globMatch('etl/[a-c]*', 'ETL/Batch', { ignoreCase: true })).toBe(true);
  });
});
