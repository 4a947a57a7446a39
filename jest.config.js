// One jest run, three tiers: unit beside the code, integration against the
// local AWS endpoint and real databases, end-to-end across processes; plus the container tier
// (the compose realm in Docker), run on its own by `npm run test:containers`.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
// hyparquet(-writer) and proxy (a test's CONNECT proxy) ship only ES modules: Node requires them natively (require(esm)), jest's
// module system does not, so their files are compiled to CommonJS like our own.
const ESM_PACKAGES = ['hyparquet', 'hyparquet-writer', 'proxy'];
const common = {
  transform: {
    '^.+\\.ts$': swc,
    [`node_modules/(${ESM_PACKAGES.join('|')})/.+\\.js$`]: swc,
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/test', '<rootDir>/deploy'],
  testPathIgnorePatterns: ['/node_modules/', '/cdk.out/'],
};
const ioTier = { setupFilesAfterEnv: ['<rootDir>/test/jest/io-tier-timeout.js'] };
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    { ...common, ...ioTier, displayName: 'integration', testMatch: ['**/*.int-spec.ts'] },
    { ...common, ...ioTier, displayName: 'e2e', testMatch: ['**/*.e2e-spec.ts'] },
    // Not run by `npm test`: needs a Docker engine and built images (npm run test:containers).
    { ...common, ...ioTier, displayName: 'containers', testMatch: ['**/*.containers-spec.ts'] },
  ],
};
