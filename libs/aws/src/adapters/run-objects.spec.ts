import { runPrefix, s3Encryption } from './run-objects';

describe('runPrefix', () => {
  it('is <s3_temp>/<job_id>/<run_id>, with trailing slashes of s3_temp dropped', () => {
    expect(runPrefix('s3://b/tmp//', 'daily/load', 'r-1')).toBe('s3://b/tmp/daily/load/r-1');
    expect(runPrefix('s3://b/tmp', 'j', 'r')).toBe('s3://b/tmp/j/r');
  });

  it('refuses ids that would climb into another prefix', () => {
    expect(() => runPrefix('s3://b/tmp', '../other', 'r')).toThrow();
    expect(() => runPrefix('s3://b/tmp', 'j', '..')).toThrow();
  });
});

describe('s3Encryption', () => {
  it('is SSE-KMS with the key when one is given', () => {
    expect(s3Encryption('alias/lava')).toEqual({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/lava',
    });
  });

  it('is SSE-S3 without a key (or an empty one)', () => {
    expect(s3Encryption(undefined)).toEqual({ ServerSideEncryption: 'AES256' });
    expect(s3Encryption('')).toEqual({ ServerSideEncryption: 'AES256' });
  });
});
