import { AwsConfigError } from '../errors';

/** Static credentials; absent means the SDK's default provider chain. */
export interface AwsStaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Validated AWS settings, resolved once at boot and passed to `createAwsClients`. */
export interface AwsConfig {
  region: string;
  /** Custom endpoint (aws-local, LocalStack); from `AWS_ENDPOINT_URL` only. */
  endpoint?: string;
  /** Undefined: use the default credential chain (env, profile, SSO, container, IMDS). */
  credentials?: AwsStaticCredentials;
  /** SDK retry attempts per call. */
  maxAttempts: number;
}

/** Overrides a CLI or test may apply on top of the environment. */
export type AwsConfigOverrides = Partial<Pick<AwsConfig, 'region' | 'endpoint' | 'maxAttempts'>>;

const DEFAULT_REGION = 'us-east-1';

/**
 * Read and validate AWS settings from the environment (once, at the boundary).
 *
 * Local endpoints accept any credentials, so when an endpoint is set and no access key is in
 * the environment we use dummy static ones instead of letting the default chain fail.
 *
 * @example
 * const clients = createAwsClients(loadAwsConfig());
 */
export function loadAwsConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: AwsConfigOverrides = {},
): AwsConfig {
  const region = overrides.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULT_REGION);
  const endpoint = overrides.endpoint ?? (env.AWS_ENDPOINT_URL || undefined);
  const maxAttempts = overrides.maxAttempts ?? parseAttempts(env.AWS_MAX_ATTEMPTS);
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new AwsConfigError(`Bad AWS region: "${region}"`);
  if (endpoint !== undefined) checkEndpoint(endpoint);
  return { region, endpoint, maxAttempts, credentials: localCredentials(env, endpoint) };
}

function parseAttempts(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new AwsConfigError(`Bad AWS_MAX_ATTEMPTS: "${raw}"`);
  return n;
}

function checkEndpoint(endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new AwsConfigError(`Bad AWS_ENDPOINT_URL: "${endpoint}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AwsConfigError(`Bad AWS_ENDPOINT_URL: "${endpoint}" must be http(s)`);
  }
}

function localCredentials(
  env: NodeJS.ProcessEnv,
  endpoint: string | undefined,
): AwsStaticCredentials | undefined {
  // Keys in the env we were given are used as given: that env need not be process.env, where
  // the SDK's default chain would look.
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  if (!endpoint || env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE) return undefined;
  return { accessKeyId: 'lava-local', secretAccessKey: 'lava-local' };
}
