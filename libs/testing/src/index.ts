export { pollUntil } from './poll-until';
export { provisionTestRealm, uniqueRealm } from './realm-fixture';
export type { TestRealm } from './realm-fixture';
