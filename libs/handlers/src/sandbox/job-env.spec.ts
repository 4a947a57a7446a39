import { scrubbedEnv } from './job-env';

describe('scrubbedEnv', () => {
  const worker = {
    PATH: '/usr/bin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C',
    TZ: 'UTC',
    AWS_REGION: 'eu-west-1',
    HOME: '/home/worker',
    AWS_ACCESS_KEY_ID: 'AKIA',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: 'token',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials',
    AWS_CONTAINER_AUTHORIZATION_TOKEN: 'Bearer y',
    AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/var/run/token',
    ECS_CONTAINER_METADATA_URI: 'http://169.254.170.2/v3/abc',
    ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/abc',
    AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/secrets/token',
    AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/worker',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
    LAVA_BROKER_URL: 'http://127.0.0.1:8081',
    LAVA_REALM: 'demo',
    DATABASE_PASSWORD: 'pw',
    UNSET: undefined,
  };

  it('keeps the allow-list and sets HOME to the run directory; drops credentials, endpoints and the rest', () => {
    expect(scrubbedEnv(worker, { runDir: '/tmp/lava/run' })).toEqual({
      PATH: '/usr/bin',
      LANG: 'C.UTF-8',
      LC_ALL: 'C',
      TZ: 'UTC',
      AWS_REGION: 'eu-west-1',
      HOME: '/tmp/lava/run',
    });
  });

  it('adds operator-allowed names but never a credential, the credential or metadata endpoints', () => {
    const never = Object.keys(worker).filter((k) => /^(AWS_(?!REGION)|ECS_|LAVA_BROKER)/.test(k));
    expect(never).toHaveLength(13);
    const env = scrubbedEnv(worker, { runDir: '/r', extraAllowed: ['DATABASE_PASSWORD', ...never] });
    expect(env.DATABASE_PASSWORD).toBe('pw');
    expect(Object.keys(env).filter((k) => never.includes(k))).toEqual([]);
  });
});
