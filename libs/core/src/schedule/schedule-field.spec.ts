import { ScheduleError } from '../errors';
import { checkScheduleField, isEmptySchedule, parseScheduleField } from './schedule-field';

describe('parseScheduleField (forms)', () => {
  it.each<[string, unknown, object[]]>([
    ['a cron string, trimmed', ' */5 * * * * ', [{ index: 1, crontab: '*/5 * * * *' }]],
    ['an @ form', '@daily', [{ index: 1, crontab: '@daily' }]],
    ['@reboot', '@reboot', [{ index: 1, crontab: '@reboot' }]],
    ['an object with crontab only', { crontab: '30 2 * * *' }, [{ index: 1, crontab: '30 2 * * *' }]],
    [
      'an object with from and to',
      { crontab: '0 1 * * *', from: '2023-08-01', to: '2023-07-01' },
      [{ index: 1, crontab: '0 1 * * *', from: '2023-08-01', to: '2023-07-01' }],
    ],
    [
      'list for job b',
      [{ crontab: '0 1 * * *', to: '2000-01-01T00:00:00Z' }, '0 2 * * *'],
      [
        { index: 1, crontab: '0 1 * * *', to: '2000-01-01T00:00:00Z' },
        { index: 2, crontab: '0 2 * * *' },
      ],
    ],
    ['null', null, []],
    ['empty string', '', []],
    ['"--"', '--', []],
    ['missing', undefined, []],
  ])('%s', (_name, value, expected) => {
    expect(parseScheduleField(value)).toEqual(expected);
  });

  it.each<[string, unknown, string]>([
    [
      'the guide typo "to:"',
      { crontab: '0 1 * * *', 'to:': '2023-01-01' },
      'Bad schedule entry 1: Unexpected keys: to:',
    ],
    ['missing crontab', [{ from: '2023-01-01' }], 'Bad schedule entry 1: Missing keys: crontab'],
    [
      'bad from',
      ['0 1 * * *', { crontab: '0 1 * * *', from: 'someday' }],
      'Bad schedule entry 2: Bad "from": "someday"',
    ],
    ['bad to type', { crontab: '0 1 * * *', to: 5 }, 'Bad schedule entry 1: Bad "to": 5'],
    ['a number entry', [5], 'Bad schedule entry 1: must be a cron string or a {crontab, from, to} object'],
    ['four cron fields', '0 1 * *', 'Bad schedule entry 1:'],
    ['out-of-range minute', '61 * * * *', 'Bad schedule entry 1:'],
    ['seven fields', '0 0 1 * * * *', 'Bad schedule entry 1:'],
    ['a bad seconds field', '61 * * * * *', 'Bad schedule entry 1:'],
    ['crontab not a string', { crontab: ['0 1 * * *'] }, 'Bad schedule entry 1: crontab must be a string'],
  ])('rejects %s', (_name, value, message) => {
    expect(() => parseScheduleField(value)).toThrow(ScheduleError);
    expect(() => parseScheduleField(value)).toThrow(message);
  });

  it('reports every bad entry with its path', () => {
    const { entries, problems } = checkScheduleField(['bad', '0 1 * * *', { crontab: '0 1 * * *', to: 'x' }]);
    expect(entries).toEqual([{ index: 2, crontab: '0 1 * * *' }]);
    expect(problems.map((p) => [p.entry, p.path])).toEqual([
      [1, '/0'],
      [3, '/2/to'],
    ]);
  });

  it.each([
    [null, true],
    ['', true],
    [' -- ', true],
    ['0 * * * *', false],
    [[], false],
  ])('isEmptySchedule(%j) = %s', (v, e) => {
    expect(isEmptySchedule(v)).toBe(e);
  });
});
