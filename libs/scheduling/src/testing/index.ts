// `@lava/scheduling/testing`: test doubles of the scheduling ports, kept out of the production entry point.
export { InMemoryLeaseStore } from './in-memory-lease-store';
