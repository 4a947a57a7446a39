import { SqlFailedError } from '../errors';
import { sanitiseMessage, toConnectorError } from './sanitise';

describe('sanitiseMessage', () => {
  it.each([
    [
      'password authentication failed for "u" using hunter2',
      ['hunter2'],
      'password authentication failed for "u" using ***',
    ],
    ['connect postgres://bob:pa55@db:5432/x failed', [], 'connect postgres://bob:***@db:5432/x failed'],
    ['bad DSN host=h password=abc user=u', [], 'bad DSN host=h password=*** user=u'],
    ["PWD='q w';UID=sa", [], 'PWD=***;UID=sa'],
    ['token: eyJabc rejected', [], 'token: *** rejected'],
    ['abcabc and abc', ['abc', 'abcabc'], '*** and ***'],
    // Short values: whole tokens only; one or two characters only by context. Ordinary text stays intact.
    ['relation "nosuch" does not exist', ['x'], 'relation "nosuch" does not exist'],
    ['login xy failed; password=xy', ['xy'], 'login xy failed; password=***'],
    [
      'user abc1 failed: abc1 rejected, abc12 is fine',
      ['abc1'],
      'user *** failed: *** rejected, abc12 is fine',
    ],
    ['key pa$$.word.1 in pa$$.word.12', ['pa$$.word.1'], 'key *** in ***2'],
  ])('%s', (msg, secrets, expected) => {
    expect(sanitiseMessage(msg, secrets)).toBe(expected);
  });
});

describe('toConnectorError', () => {
  it('keeps the driver code, masks secrets and drops the original error object', () => {
    const driverErr = Object.assign(new Error('relation "x" does not exist (login s3cr3t)'), {
      code: '42P01',
      config: { password: 's3cr3t' },
    });
    const e = toConnectorError(driverErr, ['s3cr3t']);
    expect(e).toBeInstanceOf(SqlFailedError);
    expect(e.message).toBe('relation "x" does not exist (login ***)');
    expect(e.context).toEqual({ driver_code: '42P01' });
    expect(JSON.stringify({ ...e, message: e.message, stack: e.stack })).not.toContain('s3cr3t');
    expect(e.cause).toBeUndefined();
  });
});
