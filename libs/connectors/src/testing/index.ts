// `@lava/connectors/testing`: test doubles of the connectors' ports, kept out of the production entry point.
export { InMemorySecrets, FakeIamTokens } from './in-memory-secrets';
