import { unschedulableReason } from './unschedulable';

describe('unschedulableReason', () => {
  it('names the crontab builder and lets every other type be fired', () => {
    expect(unschedulableReason({ type: 'lavasched' })).toMatch(
      /^type lavasched is the original's crontab builder/,
    );
    expect(unschedulableReason({ type: 'cmd' })).toBeUndefined();
    expect(unschedulableReason({})).toBeUndefined();
  });
});
