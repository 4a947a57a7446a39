import { COMMON_ENV, ConfigError, readEnv, type EnvValues } from '@lava/service-kit';

/** The environment this service reads (also the source of docs/reference/configuration.md). */
export const API_ENV = {
  ...COMMON_ENV,
  LAVA_API_PORT: {
    type: 'int',
    default: 8090,
    min: 0,
    max: 65535,
    description: 'port of the HTTP API and console (0 = any)',
  },
  LAVA_API_HOST: {
    type: 'string',
    default: '127.0.0.1',
    description: 'address the HTTP API and console listen on',
  },
  LAVA_API_AUTH: {
    type: 'string',
    default: 'tokens',
    pattern: /^(tokens|local)$/,
    description:
      '`tokens`: every request needs `Authorization: Bearer <API token>`; `local`: no authentication, every caller is admin (refused unless AWS_ENDPOINT_URL names a local endpoint)',
  },
  CRON_TZ: {
    type: 'string',
    default: 'UTC',
    description: "the scheduler's default time zone, for the next fires of jobs without a timezone",
  },
} as const;

export type ApiConfig = EnvValues<typeof API_ENV> & {
  env: Readonly<Record<string, string | undefined>>;
};

/**
 * Reads the API's environment once, at boot. `local` authentication (anonymous admin) is allowed
 * only against a local AWS endpoint: a realm in AWS always needs credentials.
 */
export function loadApiConfig(env: NodeJS.ProcessEnv): ApiConfig {
  const values = readEnv(API_ENV, env);
  if (values.LAVA_API_AUTH === 'local' && !isLocalEndpoint(env.AWS_ENDPOINT_URL))
    throw new ConfigError([
      'LAVA_API_AUTH=local (no authentication) needs AWS_ENDPOINT_URL on a local host (localhost, 127.0.0.1, localstack, aws-local); use tokens',
    ]);
  return { ...values, env: { ...env } };
}

function isLocalEndpoint(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const host = new URL(url).hostname;
    return ['localhost', '127.0.0.1', '::1', '[::1]', 'localstack', 'aws-local'].includes(host);
  } catch {
    return false;
  }
}
