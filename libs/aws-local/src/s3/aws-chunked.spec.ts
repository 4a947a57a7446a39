import { AwsChunkedError, decodeAwsChunked, isAwsChunked, withoutAwsChunked } from './aws-chunked';

describe('aws-chunked decoding', () => {
  it('strips framing and reads trailers', () => {
    const framed = Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
    const { body, trailers } = decodeAwsChunked(framed);
    expect(body.toString()).toBe('hello world');
    expect(trailers).toEqual({ 'x-amz-checksum-crc32': 'DUoRhQ==' });
  });

  it('handles signed chunks and binary payloads', () => {
    const payload = Buffer.from([0, 13, 10, 255]);
    const framed = Buffer.concat([
      Buffer.from('4;chunk-signature=abc\r\n'),
      payload,
      Buffer.from('\r\n0;chunk-signature=def\r\n\r\n'),
    ]);
    expect(decodeAwsChunked(framed).body).toEqual(payload);
  });

  it('recognises the encoding and removes it from Content-Encoding', () => {
    expect(isAwsChunked({ 'content-encoding': 'aws-chunked' })).toBe(true);
    expect(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' })).toBe(true);
    expect(isAwsChunked({ 'content-encoding': 'gzip' })).toBe(false);
    expect(withoutAwsChunked('aws-chunked')).toBeUndefined();
    expect(withoutAwsChunked('gzip, aws-chunked')).toBe('gzip');
  });

  it('refuses a truncated body', () => {
    expect(() => decodeAwsChunked(Buffer.from('zz\r\n'))).toThrow(/chunk size/);
  });
});

describe('aws-chunked garbage', () => {
  it.each([
    ['no chunk header', 'garbage without any line end'],
    ['a size that is not hex', 'zz\r\nhello\r\n0\r\n\r\n'],
    ['a chunk running past the body', 'ff\r\nshort\r\n0\r\n\r\n'],
    ['a chunk not ending in CRLF', '3\r\nhello\r\n0\r\n\r\n'],
  ])('%s throws AwsChunkedError', (_what, text) => {
    expect(() => decodeAwsChunked(Buffer.from(text))).toThrow(AwsChunkedError);
  });

  it('a decoded length other than x-amz-decoded-content-length throws', () => {
    expect(() => decodeAwsChunked(Buffer.from('5\r\nhello\r\n0\r\n\r\n'), '7')).toThrow(
      'decoded 5 bytes, x-amz-decoded-content-length says 7',
    );
    expect(decodeAwsChunked(Buffer.from('5\r\nhello\r\n0\r\n\r\n'), '5').body.toString()).toBe('hello');
  });
});
