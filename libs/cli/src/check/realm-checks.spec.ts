import { findingsMarkdown, REALM_CHECKS, runCheck, selectChecks } from './realm-checks';

const check = (name: string) => REALM_CHECKS.find((c) => c.name === name)!;
const input = (records: Array<Record<string, unknown>>, withRuns: string[] = []) => ({
  records,
  hasRuns: (id: string) => Promise.resolve(withRuns.includes(id)),
});

describe('selectChecks', () => {
  it('picks checks by glob and names globs that match none', () => {
    expect(selectChecks(['job*']).map((c) => c.name)).toEqual([
      'jobjinja',
      'jobmeta',
      'joborphan',
      'jobrepo',
      'jobrsu',
    ]);
    expect(selectChecks(['*meta', 'trigslash']).map((c) => c.name)).toEqual([
      'conmeta',
      'jobmeta',
      'trigmeta',
      'trigslash',
    ]);
    expect(() => selectChecks(['nope', 'jobmeta', 'x*'])).toThrow('No matching check types: nope, x*');
  });
});

describe('checks', () => {
  it('jobmeta/conmeta name the missing metadata', async () => {
    const findings = await runCheck(
      check('jobmeta'),
      input([
        { job_id: 'b', owner: 'ann' },
        { job_id: 'a', description: '' },
        { job_id: 'c', owner: 'o', description: 'd' },
      ]),
      true,
    );
    expect(findings).toEqual([
      { id: 'a', details: 'Missing: description, owner' },
      { id: 'b', owner: 'ann', details: 'Missing: description' },
    ]);
  });

  it('jobjinja reports templates that do not compile and undeclared globals', async () => {
    const findings = await runCheck(
      check('jobjinja'),
      input([
        { job_id: 'bad', payload: 'echo {{ x ' },
        {
          job_id: 'undeclared',
          payload: "{{ globals.day }} {{ globals['region'] }} {{ globals.lava.master_start }}",
        },
        { job_id: 'declared', payload: '{{ globals.day }}', globals: { day: 'mon' } },
        { job_id: 'params', parameters: 'x' },
      ]),
      true,
    );
    expect(findings.map((f) => [f.id, f.details])).toEqual([
      ['bad', expect.stringMatching(/^\/payload: template does not compile/)],
      ['params', 'Parameters must be an object'],
      ['undeclared', 'Undeclared globals: day, region'],
    ]);
  });

  it('joborphan finds jobs with no runs, unless x-lava-nocheck says so (and -S ignores that)', async () => {
    const records = [
      { job_id: 'ran' },
      { job_id: 'never' },
      { job_id: 'rare', 'x-lava-nocheck': ['joborphan'] },
    ];
    expect((await runCheck(check('joborphan'), input(records, ['ran']), true)).map((f) => f.id)).toEqual([
      'never',
    ]);
    expect((await runCheck(check('joborphan'), input(records, ['ran']), false)).map((f) => f.id)).toEqual([
      'never',
      'rare',
    ]);
  });

  it('jobrsu, jobrepo and trigslash', async () => {
    expect(
      await runCheck(
        check('jobrsu'),
        input([
          { job_id: 'u', type: 'redshift_unload', parameters: { insecure: true } },
          { job_id: 'v', type: 'redshift_unload', parameters: {} },
        ]),
        true,
      ),
    ).toEqual([{ id: 'u' }]);
    expect(
      await runCheck(
        check('jobrepo'),
        input([{ job_id: 'r', 'x-lava-git-repo': 'g' }, { job_id: 's' }]),
        true,
      ),
    ).toEqual([{ id: 's' }]);
    expect(
      await runCheck(
        check('trigslash'),
        input([
          { trigger_id: 't', prefix: 'in/' },
          { trigger_id: 'u', prefix: 'in' },
        ]),
        true,
      ),
    ).toEqual([{ id: 't', details: "Prefix ending with / won't work" }]);
  });
});

describe('findingsMarkdown', () => {
  it('prints the original’s markdown table', () => {
    expect(
      findingsMarkdown(check('jobmeta'), [{ id: 'etl/a', owner: 'ann', details: 'Missing: description' }]),
    ).toBe(
      [
        '# jobmeta: Job specs with missing metadata (e.g. description, owner)',
        '',
        '| ID    | Owner | Details              |',
        '|-------|-------|----------------------|',
        '| etl/a | ann   | Missing: description |',
        '',
      ].join('\n'),
    );
  });
});
