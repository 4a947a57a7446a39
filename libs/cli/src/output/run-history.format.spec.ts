import { formatRunDetail, formatRunList, publicRun } from './run-history.format';

describe('run history formatting', () => {
  const item = {
    job_id: 'etl/load',
    run_id: 'r-1',
    status: 'complete',
    tu_event: '2024-05-01T00:00:03',
    worker: 'core',
    hostname: 'h1',
    ts_dispatch: '2024-05-01T00:00:00+00:00',
    log: [
      { status: 'starting', ts_event: '2024-05-01T00:00:01Z', info: null },
      { status: 'complete', ts_event: '2024-05-01T00:00:03Z', info: { exit_status: 0 } },
    ],
    event_ids: new Set(['a']),
    rev: 2,
    ms_event: 1,
  };

  it('drops the audit logger bookkeeping', () => {
    expect(Object.keys(publicRun(item))).not.toEqual(expect.arrayContaining(['event_ids']));
    expect(publicRun(item)).not.toHaveProperty('rev');
  });

  it('lists runs in aligned columns, times in one format, and watch lines without a header', () => {
    const text = formatRunList([item, { job_id: 'x', run_id: 'r-22' }]);
    const pad = (s: string, n: number) => s.padEnd(n);
    expect(text.split('\n')).toEqual([
      `${pad('RUN_ID', 36)}  ${pad('JOB_ID', 16)}  ${pad('STATUS', 13)}  ${pad('LAST EVENT', 25)}  WORKER`,
      `${pad('r-1', 36)}  ${pad('etl/load', 16)}  ${pad('complete', 13)}  2024-05-01T00:00:03+00:00  core`,
      `${pad('r-22', 36)}  ${pad('x', 16)}  ${pad('-', 13)}  ${pad('-', 25)}  -`,
      '',
    ]);
    expect(formatRunList([item], { header: false })).toBe(text.split('\n')[1] + '\n');
    expect(formatRunList([])).toBe('no runs\n');
  });

  it('shows a run with its log, info as JSON', () => {
    expect(formatRunDetail(item)).toBe(
      [
        'run r-1  job etl/load  status complete',
        'dispatched 2024-05-01T00:00:00+00:00  worker core  host h1',
        'log:',
        '  2024-05-01T00:00:01+00:00  starting',
        '  2024-05-01T00:00:03+00:00  complete        {"exit_status":0}',
        '',
      ].join('\n'),
    );
  });
});
