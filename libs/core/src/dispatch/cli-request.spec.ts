import { cliDelay, parseCliRequestLine, parseDispatchArgs } from './cli-request';

describe('parseCliRequestLine (CLI-style)', () => {
  it.each<[string, object]>([
    ['etl/load', { job_id: 'etl/load', parameters: {}, globals: {}, delay_seconds: 0 }],
    ['etl/load -p day=2024-05-01', { parameters: { day: '2024-05-01' } }],
    [
      `etl/sales-load -p vars.day=2024-04-30 -g src='s3://acme-landing/manual/x.csv'`,
      {
        job_id: 'etl/sales-load',
        parameters: { vars: { day: '2024-04-30' } },
        globals: { src: 's3://acme-landing/manual/x.csv' },
        delay_seconds: 0,
      },
    ],
    [
      `ops/notify --delay 90s -p text="done # not a comment?"`,
      { job_id: 'ops/notify', parameters: { text: 'done # not a comment?' }, delay_seconds: 90 },
    ],
    [
      'j --param=a=1 --global=b=2 --delay=1m',
      { parameters: { a: '1' }, globals: { b: '2' }, delay_seconds: 60 },
    ],
    ['j -pa=1 -gb=2 -d5', { parameters: { a: '1' }, globals: { b: '2' }, delay_seconds: 5 }],
    ['j -p=a=1', { parameters: { a: '1' } }],
    ['j --del 10 --glob g=1 --par p=2', { parameters: { p: '2' }, globals: { g: '1' }, delay_seconds: 10 }],
    ['j --d 10 --g g=1 --p p=2', { parameters: { p: '2' }, globals: { g: '1' }, delay_seconds: 10 }],
    ['j -p a=1 -d 5 -p b=2 -d 7', { parameters: { a: '1', b: '2' }, delay_seconds: 7 }],
    ['j -p =v', { parameters: { '': 'v' } }],
    ['j -d 2.5', { delay_seconds: 2 }],
    ['j -d 3.5', { delay_seconds: 4 }],
    ['j -d 15m', { delay_seconds: 900 }],
    ['j -p a=b#c', { parameters: { a: 'b' } }],
    ['j -p x..y=1', { parameters: { x: { '': { y: '1' } } } }],
  ])('%s', (line, expected) => {
    expect(parseCliRequestLine(line)).toMatchObject(expected);
  });

  it.each([[''], ['   '], ['# comment only'], ['  # indented comment']])('skips %j', (line) => {
    expect(parseCliRequestLine(line)).toBeUndefined();
  });

  it.each<[string, string]>([
    ['j extra', 'unrecognized arguments: extra'],
    ['j -x 1', 'unrecognized arguments: -x'],
    ['j --verbose', 'unrecognized arguments: --verbose'],
    ['j -p', 'argument -p: expected one argument'],
    ['j -p a', 'Bad -p, --param args: Expected name=value: a'],
    ['j -d -1s', 'argument -d: expected one argument'],
    ['j -d 16m', 'Bad -d, --delay value: 16m: must be between 0 and 15 minutes'],
    ['j -d -5', 'Bad -d, --delay value: -5: must be between 0 and 15 minutes'],
    ['j -d 5M', 'Bad -d, --delay value: Bad duration: "5M"'],
    ['j -p a=1 -p a.b=2', 'Bad -p, --param args: Path conflict: a.b'],
    ['j -g a.b=1 -g a=2', 'Bad -g, --global args: Path conflict: a'],
    [`j -p 'a=1`, 'No closing quotation'],
    ['j -- -p a=1', 'unrecognized arguments: -p a=1'],
  ])('rejects %s', (line, message) => {
    expect(() => parseCliRequestLine(line)).toThrow(message);
  });
});

describe('parseDispatchArgs (the lava dispatch command)', () => {
  it('parses argv after the job id', () => {
    expect(parseDispatchArgs('etl/load', ['-p', 'vars.day=1', '-g', 'country=NZ', '-d', '30s'])).toEqual({
      job_id: 'etl/load',
      parameters: { vars: { day: '1' } },
      globals: { country: 'NZ' },
      delay_seconds: 30,
    });
  });
});

describe('cliDelay', () => {
  it.each([
    ['0', 0],
    ['900', 900],
    ['1.5m', 90],
    ['0.4', 0],
    ['899.5', 900],
  ])('%s → %d', (text, s) => {
    expect(cliDelay(text)).toBe(s);
  });
});
