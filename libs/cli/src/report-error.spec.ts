import { ResourceMissingError } from '@lava/aws';
import { ValidationError } from '@lava/core';
import { memoryIO } from './cli-io';
import { InvalidInputError, UsageError } from './errors';
import { reportError } from './report-error';

function sdkWrapped(message: string, name = 'Error'): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

describe('reportError', () => {
  it.each([
    [new UsageError('No realm'), 2, 'error: No realm\n'],
    [
      new InvalidInputError([
        { file: 'a.yaml', record: 'job x', path: '/worker', message: 'must be string' },
      ]),
      1,
      'a.yaml: job x /worker: must be string\nerror: 1 problem(s) found; nothing was written\n',
    ],
    [
      new ResourceMissingError('lava.acme.jobs'),
      1,
      'error: lava.acme.jobs does not exist (is the realm provisioned?) [RESOURCE_MISSING]\n',
    ],
    [
      new ValidationError([{ record: 'job x', path: '', rule: 'required', message: 'Missing keys: worker' }]),
      1,
      'error: Validation failed:\njob x: Missing keys: worker [LAVA_VALIDATION_FAILED]\n',
    ],
    [
      sdkWrapped('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:9'),
      1,
      'error: Error: AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:9 (cannot reach AWS: check --endpoint / AWS_ENDPOINT_URL and --region)\n',
    ],
    [
      sdkWrapped('Could not load credentials', 'CredentialsProviderError'),
      1,
      expect.stringContaining('(no AWS credentials:'),
    ],
    ['plain', 1, 'error: Error: plain\n'],
  ])('%s', (err, code, text) => {
    const io = memoryIO();
    expect(reportError(io, err)).toBe(code);
    expect(io.err).toEqual(text);
    expect(io.out).toBe('');
  });
});
