import { md5OfAttributes, md5OfBody } from './sqs-md5';

describe('SQS MD5s', () => {
  it('hashes bodies as hex MD5 of UTF-8', () => {
    expect(md5OfBody('msg')).toBe('6e2baaf3b97dbeef01c0043275f9a0e7');
    expect(md5OfBody('message-1')).toBe('3d6b824fd8c1520e9a047d21fee6fb1f');
  });

  it('matches the AWS attribute vectors', () => {
    expect(md5OfAttributes({ MyAttribute: { DataType: 'String', StringValue: 'foobar' } })).toBe(
      'adb59cd4678ea5a855436b949cd07ab6',
    );
    expect(
      md5OfAttributes({
        'Help.Me': { DataType: 'String', StringValue: 'Me' },
        General: { DataType: 'String', StringValue: 'Kenobi' },
        Hello: { DataType: 'String', StringValue: 'There' },
      }),
    ).toBe('4c360f3fdafd970e05fae2f149d997f5');
  });

  it('hashes binary values as raw bytes, not their base64 text', () => {
    const asBinary = md5OfAttributes({
      b: { DataType: 'Binary', BinaryValue: Buffer.from('abc').toString('base64') },
    });
    const asString = md5OfAttributes({ b: { DataType: 'Binary', StringValue: 'abc' } });
    expect(asBinary).not.toBe(asString);
    expect(asBinary).toMatch(/^[0-9a-f]{32}$/);
  });
});
