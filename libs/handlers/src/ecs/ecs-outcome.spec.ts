import type { EcsTaskState } from '@lava/core';
import { ecsOutcome, type EcsWaitEnd } from './ecs-outcome';

const task = (
  stopCode: string,
  exitCodes: Array<number | undefined>,
  stoppedReason = 'why',
): EcsTaskState => ({
  taskArn: 'arn:aws:ecs:us-east-1:1:task/c/t',
  lastStatus: 'STOPPED',
  stopCode,
  stoppedReason,
  containers: exitCodes.map((exitCode, n) => ({ name: `c${n}`, exitCode })),
});

describe('ecsOutcome: a STOPPED task as the run result', () => {
  it.each<[string, EcsTaskState, EcsWaitEnd, string | undefined, object]>([
    ['exit 0', task('EssentialContainerExited', [0]), 'stopped', undefined, { ok: true, exitStatus: 0 }],
    [
      'every container exited 0',
      task('EssentialContainerExited', [0, 0]),
      'stopped',
      undefined,
      { ok: true, exitStatus: 0 },
    ],
    [
      'the first non-zero exit code',
      task('EssentialContainerExited', [0, 3, 4]),
      'stopped',
      undefined,
      { ok: false, code: 'JOB_EXIT_STATUS', message: 'Failed with exit status 3', exitStatus: 3 },
    ],
    [
      'the named container decides',
      task('EssentialContainerExited', [0, 3]),
      'stopped',
      'c0',
      { ok: true, exitStatus: 0 },
    ],
    [
      'stopped by someone else',
      task('UserInitiated', [137], 'operator'),
      'stopped',
      undefined,
      {
        ok: false,
        code: 'JOB_EXIT_STATUS',
        message: 'Failed with exit status 137 (UserInitiated: operator)',
        exitStatus: 137,
      },
    ],
    [
      'never started',
      task('TaskFailedToStart', [undefined], 'CannotPullContainerError: x'),
      'stopped',
      undefined,
      {
        ok: false,
        code: 'ECS_TASK_FAILED_TO_START',
        message: 'Task failed to start: CannotPullContainerError: x',
        exitStatus: null,
      },
    ],
    [
      'no exit code',
      task('EssentialContainerExited', [undefined]),
      'stopped',
      undefined,
      { ok: false, code: 'ECS_TASK_FAILED', message: 'Task stopped without an exit code', exitStatus: null },
    ],
    [
      'timed out',
      task('UserInitiated', [137]),
      'timeout',
      undefined,
      { ok: false, code: 'JOB_TIMEOUT', message: 'Timed out: task stopped', exitStatus: 137 },
    ],
    [
      'worker shutdown',
      task('UserInitiated', [143]),
      'shutdown',
      undefined,
      {
        ok: false,
        code: 'JOB_STOPPED',
        message: 'Stopped by worker shutdown: task stopped',
        exitStatus: 143,
      },
    ],
  ])('%s', (_name, state, end, container, expected) => {
    expect(ecsOutcome(state, end, container)).toEqual(expected);
  });
});
