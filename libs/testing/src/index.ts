export { pollUntil } from './poll-until';
export { provisionTestRealm, uniqueRealm } from './realm-fixture';
export type { TestRealm } from './realm-fixture';
export { findSecret } from './secret-scan';
export type { SecretScanSources, SecretSighting } from './secret-scan';
export { createTestTls } from './test-tls';
export type { TestTls } from './test-tls';
export { GraphStub } from './graph-stub';
export type { GraphStubOptions, StubList, StubRequest } from './graph-stub';
