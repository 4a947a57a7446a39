import { validateJob, ValidationError } from '@lava/core';
import { compileJobSchedule } from './job-schedule';

/**
 * Job validation (`validateJob` of `@lava/core`, behind `lava job put`) and the scheduler
 * (`compileJobSchedule`) must accept and refuse exactly the same `schedule` values: a job that
 * validates and then never fires is the failure this table guards against.
 */
const job = (schedule: unknown) => ({
  job_id: 'etl/x',
  type: 'log',
  worker: 'core',
  payload: null,
  dispatcher: 'main',
  schedule,
});

function validatorAccepts(schedule: unknown): boolean {
  try {
    validateJob(job(schedule));
    return true;
  } catch (e) {
    if (e instanceof ValidationError) return false;
    throw e;
  }
}

function schedulerAccepts(schedule: unknown): boolean {
  try {
    compileJobSchedule({ jobId: 'etl/x', schedule }, { defaultTimezone: 'UTC' });
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'SCHEDULE_INVALID') return false;
    throw e;
  }
}

describe('schedule: validator and scheduler agree', () => {
  const bound = (from: unknown) => ({ crontab: '0 1 * * *', from });
  it.each<[string, unknown, boolean]>([
    // from/to forms
    ['padded ISO date', bound('2023-07-01'), true],
    ['unpadded month and day "2023-7-1"', bound('2023-7-1'), true],
    ['ISO basic date "20230701"', bound('20230701'), true],
    ['hour-only time "2023-07-01T10"', bound('2023-07-01T10'), true],
    ['ISO basic date-time "20230701T1030"', bound('20230701T1030'), true],
    ['date and minutes with a space', bound('2023-07-01 10:30'), true],
    ['date-time with seconds and fraction', bound('2023-07-01T10:30:15.250'), true],
    ['date-time with Z', bound('2023-07-01T10:30:00Z'), true],
    ['date-time with an offset', bound('2023-07-01T10:30:00+10:00'), true],
    ['date-time with a compact offset', bound('2023-07-01T10:30+1000'), true],
    ['surrounding blanks', bound('  2023-07-01  '), true],
    ['leap day', bound('2024-02-29'), true],
    ['year only', bound('2023'), false],
    ['year and month only', bound('2023-07'), false],
    ['month 13', bound('2023-13-01'), false],
    ['30 February', bound('2023-02-30'), false],
    ['29 February of a common year', bound('2023-02-29'), false],
    ['hour 25', bound('2023-07-01T25'), false],
    ['minute 60', bound('2023-07-01T10:60'), false],
    ['a word', bound('someday'), false],
    ['a month name', bound('1 July 2023'), false],
    ['a time without a date', bound('10:00'), false],
    ['an epoch number as text', bound('1688169600'), false],
    ['a date with Z but no time', bound('2023-07-01Z'), true],
    ['slashes', bound('2023/07/01'), false],
    ['an empty string', bound(''), false],
    ['a number', bound(20230701), false],
    ['null', bound(null), false],
    ['a bad "to"', { crontab: '0 1 * * *', to: '2023-7-32' }, false],
    ['a good "to"', { crontab: '0 1 * * *', to: '20231231T2359' }, true],
    // entry shapes and cron text
    ['a cron string', '*/5 * * * *', true],
    ['an @ form', '@daily', true],
    ['six fields (seconds)', '*/10 * * * * *', true],
    ['four fields', '0 1 * *', false],
    ['seven fields', '0 0 1 * * * *', false],
    ['minute 61', '61 * * * *', false],
    ['a list of both forms', ['0 2 * * *', { crontab: '0 1 * * *', to: '2000-01-01' }], true],
    ['a list with one bad entry', ['0 2 * * *', { crontab: '0 1 * * *', to: 'x' }], false],
    ['the guide typo "to:"', { crontab: '0 1 * * *', 'to:': '2023-01-01' }, false],
    ['no crontab', { from: '2023-01-01' }, false],
    ['crontab not a string', { crontab: ['0 1 * * *'] }, false],
    ['a number entry', [5], false],
  ])('%s', (_name, schedule, accepted) => {
    expect([validatorAccepts(schedule), schedulerAccepts(schedule)]).toEqual([accepted, accepted]);
  });
});
