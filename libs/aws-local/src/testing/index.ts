// `@lava/aws-local/testing`: helpers for test suites, kept out of the endpoint's own entry point.
export { useAwsEndpoint, awsClientConfig, uniqueName } from './endpoint';
export type { AwsTestEndpoint } from './endpoint';
