import { RUN_STATUSES, isRunStatus, isTerminalStatus, shouldReplaceStatus, statusRank } from './statuses';

describe("run statuses (the original's plus dispatched, lost and waiting)", () => {
  it('lists the original statuses plus dispatched, lost and waiting (a parked fleet-mode parent)', () => {
    expect([...RUN_STATUSES].sort()).toEqual(
      [
        'action_failed',
        'complete',
        'dispatched',
        'failed',
        'logging',
        'lost',
        'rejected',
        'retrying',
        'running',
        'skipped',
        'starting',
        'waiting',
      ].sort(),
    );
    expect(isRunStatus('complete')).toBe(true);
    expect(isRunStatus('done')).toBe(false);
  });

  it.each<[Parameters<typeof shouldReplaceStatus>[0], Parameters<typeof shouldReplaceStatus>[1], boolean]>([
    [undefined, 'running', true],
    ['dispatched', 'starting', true],
    ['starting', 'dispatched', false],
    ['dispatched', 'lost', true],
    ['lost', 'starting', true],
    ['starting', 'lost', false],
    ['running', 'waiting', true],
    ['waiting', 'running', true],
    ['waiting', 'complete', true],
    ['complete', 'waiting', false],
    ['complete', 'lost', false],
    ['running', 'retrying', true],
    ['retrying', 'running', true],
    ['complete', 'running', false],
    ['complete', 'starting', false],
    ['failed', 'retrying', false],
    ['complete', 'action_failed', true],
    ['action_failed', 'complete', false],
    ['starting', 'skipped', true],
    ['logging', 'skipped', true],
  ])('%s then %s → replace %s', (current, next, expected) => {
    expect(shouldReplaceStatus(current, next)).toBe(expected);
  });

  it('knows terminal statuses', () => {
    expect(RUN_STATUSES.filter(isTerminalStatus)).toEqual([
      'skipped',
      'rejected',
      'complete',
      'failed',
      'action_failed',
    ]);
    expect(statusRank('dispatched')).toBeLessThan(statusRank('starting'));
  });
});
