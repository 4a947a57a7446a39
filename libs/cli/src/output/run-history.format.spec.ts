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

  it('lists runs in aligned columns', () => {
    const text = formatRunList([item, { job_id: 'x', run_id: 'r-22' }]);
    expect(text.split('\n')).toEqual([
      'RUN_ID  JOB_ID    STATUS    LAST EVENT (UTC)     WORKER',
      'r-1     etl/load  complete  2024-05-01T00:00:03  core',
      'r-22    x         -         -                    -',
      '',
    ]);
    expect(formatRunList([])).toBe('no runs\n');
  });

  it('shows a run with its log, info as JSON', () => {
    expect(formatRunDetail(item)).toBe(
      [
        'run r-1  job etl/load  status complete',
        'dispatched 2024-05-01T00:00:00+00:00  worker core  host h1',
        'log:',
        '  2024-05-01T00:00:01Z  starting',
        '  2024-05-01T00:00:03Z  complete        {"exit_status":0}',
        '',
      ].join('\n'),
    );
  });
});
