import { ConfigError } from '@lava/service-kit';
import { loadApiConfig } from './api.config';

describe('loadApiConfig', () => {
  const base = { LAVA_REALM: 'acme' };

  it('requires tokens by default', () => {
    expect(loadApiConfig(base).LAVA_API_AUTH).toBe('tokens');
  });

  it.each([
    'http://127.0.0.1:4566',
    'http://localhost:4566',
    'http://localstack:4566',
    'http://aws-local:4566',
  ])('allows anonymous local access against %s', (url) => {
    expect(loadApiConfig({ ...base, LAVA_API_AUTH: 'local', AWS_ENDPOINT_URL: url }).LAVA_API_AUTH).toBe(
      'local',
    );
  });

  it.each([undefined, 'https://sqs.example.com', 'not a url'])(
    'refuses anonymous access outside a local realm (endpoint %s)',
    (url) => {
      expect(() => loadApiConfig({ ...base, LAVA_API_AUTH: 'local', AWS_ENDPOINT_URL: url })).toThrow(
        ConfigError,
      );
    },
  );
});
