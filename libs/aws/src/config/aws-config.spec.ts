import { AwsConfigError } from '../errors';
import { loadAwsConfig } from './aws-config';

describe('loadAwsConfig', () => {
  it.each([
    [{}, { region: 'us-east-1', endpoint: undefined, maxAttempts: 3 }],
    [{ AWS_DEFAULT_REGION: 'eu-west-1' }, { region: 'eu-west-1' }],
    [{ AWS_REGION: 'ap-southeast-2', AWS_DEFAULT_REGION: 'eu-west-1' }, { region: 'ap-southeast-2' }],
    [{ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, { endpoint: 'http://127.0.0.1:4566' }],
    [{ AWS_MAX_ATTEMPTS: '7' }, { maxAttempts: 7 }],
  ])('reads %j', (env, expected) => {
    expect(loadAwsConfig(env)).toMatchObject(expected);
  });

  it('uses dummy credentials only for a local endpoint without configured credentials', () => {
    expect(loadAwsConfig({ AWS_ENDPOINT_URL: 'http://localhost:1' }).credentials).toEqual({
      accessKeyId: 'lava-local',
      secretAccessKey: 'lava-local',
    });
    expect(
      loadAwsConfig({ AWS_ENDPOINT_URL: 'http://localhost:1', AWS_ACCESS_KEY_ID: 'AKIA' }).credentials,
    ).toBeUndefined();
    expect(loadAwsConfig({}).credentials).toBeUndefined();
  });

  it('uses keys from the given env as static credentials (it need not be process.env)', () => {
    expect(
      loadAwsConfig({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't' })
        .credentials,
    ).toEqual({ accessKeyId: 'a', secretAccessKey: 's', sessionToken: 't' });
  });

  it('lets explicit overrides win over the environment', () => {
    const config = loadAwsConfig(
      { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://a:1' },
      { region: 'us-west-2', endpoint: 'http://b:2' },
    );
    expect(config).toMatchObject({ region: 'us-west-2', endpoint: 'http://b:2' });
  });

  it.each([
    [{ AWS_REGION: 'mars' }, /Bad AWS region/],
    [{ AWS_ENDPOINT_URL: 'not a url' }, /not a URL/],
    [{ AWS_ENDPOINT_URL: 'ftp://x' }, /must be http/],
    [{ AWS_MAX_ATTEMPTS: '0' }, /AWS_MAX_ATTEMPTS/],
  ])('rejects %j', (env, message) => {
    expect(() => loadAwsConfig(env)).toThrow(AwsConfigError);
    expect(() => loadAwsConfig(env)).toThrow(message);
  });
});
