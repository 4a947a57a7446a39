import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import { readdirSync, readFileSync, existsSync } from 'node:fs';

/** Projects under libs/ and services/ by Nx tag, read from their project.json. */
function projectsTagged(tag) {
  return ['libs', 'services'].flatMap((dir) =>
    readdirSync(dir)
      .map((name) => `${dir}/${name}`)
      .filter(
        (path) =>
          existsSync(`${path}/project.json`) &&
          JSON.parse(readFileSync(`${path}/project.json`, 'utf8')).tags?.includes(tag),
      ),
  );
}

/**
 * Domain and util libs are free of infrastructure: no AWS SDK, no Nest. Side effects
 * reach them through ports that infra libs and services implement.
 */
const PURE_LIBS = [...projectsTagged('type:domain'), ...projectsTagged('type:util')];
const NO_INFRASTRUCTURE = {
  patterns: [
    {
      group: ['@aws-sdk/*', '@smithy/*'],
      message:
        'Domain and util libs may not use the AWS SDK: declare a port and implement it in libs/aws or a service adapter.',
    },
    {
      group: ['@nestjs/*'],
      message: 'Domain and util libs may not use NestJS: keep Nest in services and libs/service-kit.',
    },
  ],
};

/** Test doubles and suite helpers live in `/testing` entry points; production code never imports them. */
const NO_TEST_DOUBLES = {
  group: ['@lava/*/testing', '@lava/testing'],
  message: 'Production code may not import test doubles: they belong to tests, benches and testing helpers.',
};
const TEST_FILES = [
  '**/*.spec.ts',
  '**/*.int-spec.ts',
  '**/*.e2e-spec.ts',
  '**/*.containers-spec.ts',
  '**/testing/**/*.ts',
  '**/bench/**/*.ts',
  'test/**/*.ts',
];

/**
 * Which kinds of project may import which: domain code stays free of infrastructure,
 * plugins sit on domain and infra, apps compose everything. Tests may add tooling and fixtures.
 */
function boundaries(tests) {
  const extra = tests ? ['type:tooling', 'type:test'] : [];
  const allowed = {
    'type:util': ['type:util'],
    'type:domain': ['type:domain', 'type:util'],
    'type:infra': ['type:domain', 'type:util', 'type:infra'],
    'type:plugin': ['type:domain', 'type:util', 'type:infra', 'type:plugin'],
    'type:tooling': ['type:util', 'type:tooling'],
    'type:test': ['type:domain', 'type:util', 'type:infra', 'type:tooling', 'type:test'],
    'type:app': ['type:domain', 'type:util', 'type:infra', 'type:plugin', 'type:tooling', 'type:app'],
    'type:e2e': [
      'type:domain',
      'type:util',
      'type:infra',
      'type:plugin',
      'type:tooling',
      'type:app',
      'type:test',
    ],
  };
  return [
    ...Object.entries(allowed).map(([sourceTag, tags]) => ({
      sourceTag,
      onlyDependOnLibsWithTags: [...new Set([...tags, ...extra])],
    })),
    { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
    { sourceTag: 'scope:service', onlyDependOnLibsWithTags: ['scope:shared'] },
    { sourceTag: 'scope:deploy', onlyDependOnLibsWithTags: ['scope:shared'] },
    { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
  ];
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/cdk.out/**',
      '.lava/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx, 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js', '.json'] } } },
    rules: {
      // Only relative imports are followed: libs reach each other through @lava/* entry points,
      // whose cycles @nx/enforce-module-boundaries already refuses.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name=/^(only|skip)$/]',
          message: 'Do not commit .only or .skip.',
        },
      ],
      '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints: boundaries(false) }],
    },
  },
  {
    files: ['libs/*/src/**/*.ts', 'services/*/src/**/*.ts', 'deploy/src/**/*.ts'],
    ignores: TEST_FILES,
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_TEST_DOUBLES] }] },
  },
  {
    files: PURE_LIBS.map((path) => `${path}/**/*.ts`),
    rules: { 'no-restricted-imports': ['error', NO_INFRASTRUCTURE] },
  },
  {
    files: PURE_LIBS.map((path) => `${path}/**/*.ts`),
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': ['error', { patterns: [...NO_INFRASTRUCTURE.patterns, NO_TEST_DOUBLES] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', '**/bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests may also use the local AWS endpoint and the shared test fixtures.
      '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints: boundaries(true) }],
    },
  },
  prettier,
);
