import { normaliseS3Url, vhostBucket } from './s3-addressing';

describe('S3 addressing', () => {
  it('finds the bucket in virtual-host names', () => {
    expect(vhostBucket('my-bucket.localhost:4566')).toBe('my-bucket');
    expect(vhostBucket('my-bucket.s3.us-east-1.amazonaws.com')).toBe('my-bucket');
    expect(vhostBucket('127.0.0.1:4566')).toBeUndefined();
    expect(vhostBucket('localhost:4566')).toBeUndefined();
  });

  it('rewrites to path style and drops auth query parameters', () => {
    const url = normaliseS3Url(
      '/dir/a%20b.txt?X-Amz-Signature=x&X-Amz-Credential=y&versionId=3',
      'bkt.localhost:4566',
    );
    expect(url.bucket).toBe('bkt');
    expect(url.key).toBe('dir/a b.txt');
    expect(url.path).toBe('/bkt/dir/a%20b.txt?versionId=3');
  });

  it('keeps path-style requests and valueless sub-resources', () => {
    const url = normaliseS3Url('/bkt?notification', '127.0.0.1:4566');
    expect(url).toMatchObject({ bucket: 'bkt', key: undefined, path: '/bkt?notification' });
  });
});
