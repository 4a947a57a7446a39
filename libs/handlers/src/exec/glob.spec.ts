import { globMatch } from './glob';

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
