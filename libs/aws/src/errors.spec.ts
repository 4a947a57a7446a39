import {
  ConditionalWriteError,
  ResourceMissingError,
  ThrottledError,
  isNotFound,
  translateAwsError,
} from './errors';

function sdkError(name: string): Error {
  const err = new Error(name);
  err.name = name;
  return err;
}

describe('translateAwsError', () => {
  it('names the race a failed condition prevented', () => {
    const err = translateAwsError(
      sdkError('ConditionalCheckFailedException'),
      'lava.realms',
      'realm record already exists',
    );
    expect(err).toBeInstanceOf(ConditionalWriteError);
    expect(err).toMatchObject({
      code: 'CONDITION_FAILED',
      message: 'lava.realms: realm record already exists',
      retryable: false,
    });
  });

  it.each([
    ['ResourceNotFoundException', ResourceMissingError, false],
    ['QueueDoesNotExist', ResourceMissingError, false],
    ['ProvisionedThroughputExceededException', ThrottledError, true],
    ['ThrottlingException', ThrottledError, true],
  ])('maps %s', (name, type, retryable) => {
    const source = sdkError(name);
    const err = translateAwsError(source, 'x');
    expect(err).toBeInstanceOf(type);
    expect(err).toMatchObject({ retryable, cause: source });
  });

  it('returns unknown errors untouched', () => {
    const source = sdkError('AccessDeniedException');
    expect(translateAwsError(source, 'x')).toBe(source);
    const plain = 'boom';
    expect(translateAwsError(plain, 'x')).toBe(plain);
  });

  it('recognises not-found errors, translated or not', () => {
    expect(isNotFound(sdkError('NoSuchBucket'))).toBe(true);
    expect(isNotFound(new ResourceMissingError('t'))).toBe(true);
    expect(isNotFound(sdkError('AccessDenied'))).toBe(false);
  });
});
