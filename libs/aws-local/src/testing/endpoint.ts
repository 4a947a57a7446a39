import { randomBytes } from 'node:crypto';
import { startAwsLocal, type AwsLocalHandle, type AwsLocalOptions } from '../aws-local';

/** The endpoint a test suite talks to: `url()` is valid from `beforeAll` on. */
export interface AwsTestEndpoint {
  url(): string;
  /** True when the suite runs against `LAVA_TEST_AWS_ENDPOINT` (LocalStack, AWS) instead of the in-process endpoint. */
  readonly external: boolean;
  /** The in-process endpoint, when there is one (request stats, restarts). */
  local(): AwsLocalHandle | undefined;
}

/**
 * Jest helper: starts `startAwsLocal({ port: 0 })` in `beforeAll` and stops it in `afterAll`, or, when
 * `LAVA_TEST_AWS_ENDPOINT` is set, uses that endpoint and starts nothing. `options` (read in
 * `beforeAll`) adds endpoint options, e.g. the registry ECR serves from.
 *
 * @example
 * const aws = useAwsEndpoint();
 * it('works', async () => { const sqs = new SQSClient(awsClientConfig(aws.url())); … });
 */
export function useAwsEndpoint(options: () => Omit<AwsLocalOptions, 'port'> = () => ({})): AwsTestEndpoint {
  // Read once at the boundary: the one place tests learn where AWS is.
  const external = process.env.LAVA_TEST_AWS_ENDPOINT;
  let handle: AwsLocalHandle | undefined;
  beforeAll(async () => {
    if (!external) handle = await startAwsLocal({ ...options(), port: 0 });
  });
  afterAll(async () => {
    await handle?.stop();
  });
  return {
    external: Boolean(external),
    url: () => external ?? handle?.url ?? 'http://127.0.0.1:4566',
    local: () => handle,
  };
}

/** SDK v3 client options for a test endpoint: us-east-1, dummy credentials, explicit endpoint. */
export function awsClientConfig(url: string, overrides: { region?: string; accessKeyId?: string } = {}) {
  return {
    region: overrides.region ?? 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: overrides.accessKeyId ?? 'test', secretAccessKey: 'test' },
  };
}

/** A resource name unique to this run, so suites can share an external endpoint. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
