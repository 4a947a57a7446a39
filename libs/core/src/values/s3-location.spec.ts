import { parseS3Location, s3Bucket, s3Join, s3Key } from './s3-location';

describe('parseS3Location (s3_split)', () => {
  it.each([
    ['s3://b/k', 'b', 'k'],
    ['s3:b/k', 'b', 'k'],
    ['/b/k', 'b', 'k'],
    ['b/k', 'b', 'k'],
    ['s3://acme-lava/payloads/', 'acme-lava', 'payloads'],
    ['s3://b', 'b', ''],
    ['s3://b/', 'b', ''],
    ['s3://b/a/b/c/', 'b', 'a/b/c'],
    ['s3://b//k//', 'b', 'k'],
  ])('%s → bucket %s key %s', (input, bucket, key) => {
    expect(parseS3Location(input)).toEqual({ bucket, key });
    expect(s3Bucket(input)).toBe(bucket);
    expect(s3Key(input)).toBe(key);
  });

  it.each([[''], ['s3://'], ['///'], ['s3:/']])('rejects %j (no bucket)', (input) => {
    expect(() => parseS3Location(input)).toThrow(/no bucket/);
  });

  it('joins parts without doubled slashes', () => {
    expect(s3Join('s3://acme/tmp/', 'etl/load/', '/run-1', 'x.stdout')).toBe(
      's3://acme/tmp/etl/load/run-1/x.stdout',
    );
    expect(s3Join('s3://acme')).toBe('s3://acme');
  });
});
