import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// docker/build-service.js on a small fixture monorepo: what an image would receive, and
// whether the compiled entry actually runs with nothing but that tree.
const SCRIPT = join(__dirname, '..', '..', 'docker', 'build-service.js');

function write(root: string, file: string, content: string | object): void {
  const full = join(root, file);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content));
}

function fixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'lava-build-fixture-'));
  write(root, 'package.json', { name: 'fx', private: true, workspaces: ['libs/*', 'services/*'] });
  write(root, 'libs/greet/package.json', {
    name: '@fx/greet',
    main: 'src/index.ts',
    dependencies: { 'dep-one': '1.0.0' },
  });
  write(
    root,
    'libs/greet/src/index.ts',
    [
      "import { shout } from 'dep-one';",
      'function Injectable(): ClassDecorator { return () => undefined; }',
      'export class Clock { now(): string { return "noon"; } }',
      '@Injectable()',
      'export class Greeter {',
      '  constructor(private readonly clock: Clock) {}',
      '  greet(name: string): string { return shout(`hello ${name} at ${this.clock.now()}`); }',
      '}',
    ].join('\n'),
  );
  write(root, 'libs/greet/src/greet.spec.ts', "throw new Error('tests must not be compiled');");
  write(root, 'libs/greet/src/messages.json', { bye: 'bye' });
  write(root, 'libs/unused/package.json', {
    name: '@fx/unused',
    main: 'src/index.ts',
    dependencies: { 'dev-only': '1.0.0' },
  });
  write(root, 'libs/unused/src/index.ts', 'export const unused = 1;');
  write(root, 'services/app/package.json', { name: '@fx/app', main: 'src/index.ts' });
  write(
    root,
    'services/app/src/main.ts',
    [
      "import { Clock, Greeter } from '@fx/greet';",
      "import { join } from 'node:path';",
      "const messages = require('@fx/greet/dist/messages.json') as { bye: string };",
      'const meta = Reflect.getMetadata ? "reflect" : "plain";',
      'process.stdout.write(`${new Greeter(new Clock()).greet("lava")} ${messages.bye} ${join("a", "b")} ${meta}\\n`);',
    ].join('\n'),
  );
  // Third-party packages as npm would install them: dep-one needs dep-two (nested copy under it
  // wins over the hoisted one), optional peer absent, dev-only never reachable from the service.
  write(root, 'node_modules/dep-one/package.json', {
    name: 'dep-one',
    version: '1.0.0',
    main: 'index.js',
    dependencies: { 'dep-two': '2.0.0' },
    peerDependencies: { 'peer-opt': '*' },
    peerDependenciesMeta: { 'peer-opt': { optional: true } },
  });
  write(
    root,
    'node_modules/dep-one/index.js',
    "const { up } = require('dep-two'); exports.shout = (s) => up(s) + '!';",
  );
  write(root, 'node_modules/dep-one/node_modules/dep-two/package.json', {
    name: 'dep-two',
    version: '2.0.0',
    main: 'index.js',
  });
  write(root, 'node_modules/dep-one/node_modules/dep-two/index.js', 'exports.up = (s) => s.toUpperCase();');
  write(root, 'node_modules/dep-two/package.json', { name: 'dep-two', version: '1.0.0', main: 'index.js' });
  write(root, 'node_modules/dep-two/index.js', "exports.up = () => 'WRONG VERSION';");
  write(root, 'node_modules/dev-only/package.json', { name: 'dev-only', version: '1.0.0' });
  mkdirSync(join(root, 'node_modules/@fx'), { recursive: true });
  symlinkSync(join(root, 'libs/greet'), join(root, 'node_modules/@fx/greet'));
  return root;
}

describe('docker/build-service.js', () => {
  let root: string;
  let out: string;
  let stdout: string;

  beforeAll(() => {
    root = fixture();
    out = join(root, 'image');
    stdout = execFileSync(process.execPath, [SCRIPT, 'services/app', out, '--root', root], {
      encoding: 'utf8',
    });
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports what it built', () => {
    expect(stdout).toMatch(
      /built services\/app: 2 workspace packages, 2 third-party packages, 2 compiled files/,
    );
    const manifest = JSON.parse(readFileSync(join(out, 'build-manifest.json'), 'utf8'));
    expect(manifest).toEqual({
      entry: 'services/app',
      workspaces: ['@fx/app', '@fx/greet'],
      externals: ['dep-one', 'dep-two'],
      files: 2,
    });
  });

  it('produces a tree whose compiled entry runs on its own (outside the repo)', () => {
    const moved = mkdtempSync(join(tmpdir(), 'lava-image-'));
    try {
      execFileSync('cp', ['-a', `${out}/.`, moved]);
      const output = execFileSync(process.execPath, [join(moved, 'services/app/dist/main.js')], {
        encoding: 'utf8',
        cwd: moved,
      });
      expect(output.trim()).toBe('HELLO LAVA AT NOON! bye a/b plain');
    } finally {
      rmSync(moved, { recursive: true, force: true });
    }
  });

  it('rewrites main of compiled workspace packages and emits decorator metadata', () => {
    const pkg = JSON.parse(readFileSync(join(out, 'node_modules/@fx/greet/package.json'), 'utf8'));
    expect(pkg.main).toBe('dist/index.js');
    const js = readFileSync(join(out, 'node_modules/@fx/greet/dist/index.js'), 'utf8');
    expect(js).toContain('design:paramtypes');
  });

  it('keeps the nested dependency version where npm placed it', () => {
    expect(existsSync(join(out, 'node_modules/dep-one/node_modules/dep-two/index.js'))).toBe(true);
    expect(existsSync(join(out, 'node_modules/dep-two'))).toBe(false);
  });

  it('leaves out tests, unreachable workspaces, dev-only packages and absent optional peers', () => {
    expect(existsSync(join(out, 'node_modules/@fx/greet/dist/greet.spec.js'))).toBe(false);
    expect(existsSync(join(out, 'node_modules/@fx/unused'))).toBe(false);
    expect(existsSync(join(out, 'node_modules/dev-only'))).toBe(false);
    expect(existsSync(join(out, 'node_modules/peer-opt'))).toBe(false);
  });

  it('fails loudly when a declared dependency is not installed', () => {
    const broken = fixture();
    try {
      rmSync(join(broken, 'node_modules/dep-one'), { recursive: true });
      expect(() =>
        execFileSync(process.execPath, [SCRIPT, 'services/app', join(broken, 'image'), '--root', broken], {
          stdio: 'pipe',
        }),
      ).toThrow(/cannot resolve dependency "dep-one" from libs\/greet/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});

describe('compiledDeepImports', () => {
  const { compiledDeepImports } = jest.requireActual<{ compiledDeepImports: (code: string) => string }>(
    SCRIPT,
  );

  it("points deep imports of a workspace's sources at its compiled tree, and nothing else", () => {
    const code = [
      'const a = require("@lava/aws/src/config/aws-clients");',
      "const b = require('@lava/core');",
      'const c = require("@lava/aws/dist/x");',
      'const d = require("other/src/y");',
    ].join('\n');
    expect(compiledDeepImports(code).split('\n')).toEqual([
      'const a = require("@lava/aws/dist/config/aws-clients");',
      "const b = require('@lava/core');",
      'const c = require("@lava/aws/dist/x");',
      'const d = require("other/src/y");',
    ]);
  });
});
