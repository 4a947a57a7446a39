import {
  CORE_ERROR_CODES,
  DispatchRequestError,
  EventContractError,
  LavaError,
  RunMessageError,
  ScheduleError,
  ValidationError,
  formatIssues,
} from './errors';

describe('errors', () => {
  it('carry stable codes, context, cause and retryability', () => {
    const cause = new Error('boom');
    const e = new LavaError('X_CODE', 'msg', { context: { a: 1 }, cause, retryable: true });
    expect(e).toBeInstanceOf(Error);
    expect([e.code, e.context, e.cause, e.retryable]).toEqual(['X_CODE', { a: 1 }, cause, true]);
  });

  it.each([
    [
      new ValidationError([{ record: 'job a', path: '/x', rule: 'type', message: 'must be string' }]),
      CORE_ERROR_CODES.VALIDATION_FAILED,
    ],
    [
      new DispatchRequestError([{ where: 'line 1', message: 'bad' }]),
      CORE_ERROR_CODES.DISPATCH_REQUEST_INVALID,
    ],
    [new RunMessageError('bad'), CORE_ERROR_CODES.RUN_MESSAGE_INVALID],
    [new EventContractError('bad'), CORE_ERROR_CODES.EVENT_CONTRACT_VIOLATION],
    [new ScheduleError('bad', 2), CORE_ERROR_CODES.SCHEDULE_INVALID],
  ])('%s has its code and is a non-retryable LavaError', (error, code) => {
    expect(error).toBeInstanceOf(LavaError);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(false);
  });

  it('formats issues one per line with the value when present', () => {
    const text = formatIssues([
      {
        record: 'jobs/a.yaml: job a',
        path: '/max_tries',
        rule: 'type',
        message: 'must be integer',
        value: 'x',
      },
      { record: 'job a', path: '', rule: 'required', message: 'Missing keys: payload' },
    ]);
    expect(text).toBe(
      'jobs/a.yaml: job a /max_tries: must be integer (got "x")\njob a: Missing keys: payload',
    );
  });

  it('lists every dispatch request issue in the message', () => {
    const e = new DispatchRequestError([
      { where: 'line 1', message: 'a' },
      { where: 'line 3', message: 'b' },
    ]);
    expect(e.message).toBe('line 1: a\nline 3: b');
  });
});
