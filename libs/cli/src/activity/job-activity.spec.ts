import { activityCsv, activityMap, runActivity, type ActivityItem } from './job-activity';

const item = (jobId: string, worker: string, log: Array<[string, string]>): ActivityItem => ({
  job_id: jobId,
  run_id: `${jobId}-run`,
  worker,
  status: log[log.length - 1]![0],
  tu_event: log[log.length - 1]![1],
  log: log.map(([status, tu_event]) => ({ status, tu_event })),
});

describe('runActivity', () => {
  it('keeps closed running→complete/failed/retrying cycles and drops an open one', () => {
    const run = runActivity(
      item('a', 'core', [
        ['dispatched', '2024-02-15T00:00:00'],
        ['running', '2024-02-15T00:01:00'],
        ['retrying', '2024-02-15T00:02:00'],
        ['running', '2024-02-15T00:05:00'],
        ['failed', '2024-02-15T00:05:30'],
        ['running', '2024-02-15T00:09:00'],
      ]),
    );
    expect(run.cycles.map(([a, b]) => (b - a) / 1000)).toEqual([60, 30]);
  });
});

describe('activityMap', () => {
  const start = new Date('2024-02-15T00:00:00Z');
  const end = new Date('2024-02-15T00:30:00Z');

  it('splits run-seconds across slices, by job and by worker, busiest first', () => {
    const runs = [
      item('a', 'core', [
        ['running', '2024-02-15T00:08:00'],
        ['complete', '2024-02-15T00:12:00'],
      ]),
      item('b', 'core', [
        ['running', '2024-02-15T00:20:00'],
        ['complete', '2024-02-15T00:20:30'],
      ]),
      item('c', 'gpu', [
        ['running', '2024-02-15T01:00:00'],
        ['complete', '2024-02-15T01:10:00'],
      ]),
    ].map(runActivity);
    const map = activityMap(runs, start, end, 10);
    expect(map.slices).toHaveLength(3);
    expect(map.jobs).toEqual([
      ['a', [120, 120, 0]],
      ['b', [0, 0, 30]],
    ]);
    expect(map.workers).toEqual([['core', [120, 120, 30]]]);
    expect(activityCsv(map)).toBe(
      [
        'Job ID,2024-02-15 00:00:00,2024-02-15 00:10:00,2024-02-15 00:20:00',
        'a,120,120,0',
        'b,0,0,30',
        '',
        'Worker,2024-02-15 00:00:00,2024-02-15 00:10:00,2024-02-15 00:20:00',
        'core,120,120,30',
        '',
      ].join('\n'),
    );
  });

  it('counts a job run twice in one slice twice (run-seconds can exceed the slice)', () => {
    const run = runActivity(
      item('a', 'core', [
        ['running', '2024-02-15T00:00:00'],
        ['retrying', '2024-02-15T00:09:00'],
        ['running', '2024-02-15T00:00:30'],
        ['complete', '2024-02-15T00:09:30'],
      ]),
    );
    expect(activityMap([run], start, new Date('2024-02-15T00:10:00Z'), 10).jobs).toEqual([['a', [1080]]]);
  });
});
