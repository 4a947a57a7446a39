import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The `lava` launcher (bin/lava.js) in a checkout-shaped temp tree: its bundle and build script
 * are stand-ins that say which build ran, so the test sees whether the launcher trusted the
 * bundle or rebuilt it first.
 */
const LAUNCHER = resolve(__dirname, '..', 'bin', 'lava.js');
const BUILT_AT = 1_700_000_000; // seconds; inputs older than this are fresh

let root: string;

function writeBundle(label: string): void {
  writeFileSync(
    join(root, 'libs/cli/dist/lava.js'),
    `exports.runCli = async () => { process.stdout.write(${JSON.stringify(label)}); };\n`,
  );
}

function writeStamp(stamp: unknown): void {
  writeFileSync(join(root, 'libs/cli/dist/.build.json'), JSON.stringify(stamp));
}

function input(name: string, mtimeSeconds: number): string {
  const path = join(root, 'libs/cli/src', name);
  writeFileSync(path, '// input\n');
  utimesSync(path, mtimeSeconds, mtimeSeconds);
  return `libs/cli/src/${name}`;
}

const lava = () => execFileSync(process.execPath, [join(root, 'libs/cli/bin/lava.js')], { encoding: 'utf8' });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lava-launcher-'));
  for (const dir of ['libs/cli/bin', 'libs/cli/src', 'libs/cli/dist', 'scripts'])
    mkdirSync(join(root, dir), { recursive: true });
  copyFileSync(LAUNCHER, join(root, 'libs/cli/bin/lava.js'));
  // The stand-in build script writes a bundle that says it is the rebuilt one.
  writeFileSync(
    join(root, 'scripts/build-cli.js'),
    `require('node:fs').writeFileSync(${JSON.stringify(join(root, 'libs/cli/dist/lava.js'))}, ` +
      `"exports.runCli = async () => { process.stdout.write('rebuilt'); };");\n`,
  );
  writeBundle('bundled');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('lava launcher: bundle freshness in a checkout', () => {
  it('runs the bundle as it is when every recorded input is older than the build', () => {
    writeStamp({ newest: BUILT_AT * 1000, inputs: [input('a.ts', BUILT_AT - 60), input('b.ts', BUILT_AT)] });
    expect(lava()).toBe('bundled');
  });

  it('rebuilds before running when an input changed after the build', () => {
    writeStamp({
      newest: BUILT_AT * 1000,
      inputs: [input('a.ts', BUILT_AT - 60), input('b.ts', BUILT_AT + 1)],
    });
    expect(lava()).toBe('rebuilt');
  });

  it('rebuilds when a recorded input was removed or renamed', () => {
    writeStamp({ newest: BUILT_AT * 1000, inputs: [input('a.ts', BUILT_AT - 60), 'libs/cli/src/gone.ts'] });
    expect(lava()).toBe('rebuilt');
  });

  it('rebuilds when the stamp has the shape of an older build script', () => {
    writeStamp({ newest: BUILT_AT * 1000 });
    expect(lava()).toBe('rebuilt');
  });

  it('rebuilds when the bundle cannot be loaded', () => {
    writeStamp({ newest: BUILT_AT * 1000, inputs: [input('a.ts', BUILT_AT - 60)] });
    writeFileSync(join(root, 'libs/cli/dist/lava.js'), 'this is not javascript(');
    expect(lava()).toBe('rebuilt');
  });
});

describe('lava launcher: --help and --version answered from the output cache', () => {
  /** A stand-in bundle that answers through the CLI's io, as the real runCli does. */
  function writeAnsweringBundle(label: string, { code = 0, stderr = '' } = {}): void {
    writeFileSync(
      join(root, 'libs/cli/dist/lava.js'),
      `const processIO = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), exit: (c) => { process.exitCode = c; } };\n` +
        `exports.runCli = async (argv, io = processIO) => { io.stdout(${JSON.stringify(label)} + ' ' + argv.join(' '));` +
        ` if (${JSON.stringify(stderr)}) io.stderr(${JSON.stringify(stderr)});` +
        ` io.exit(${code}); return ${code}; };\n`,
    );
  }
  const run = (...args: string[]) =>
    execFileSync(process.execPath, [join(root, 'libs/cli/bin/lava.js'), ...args], { encoding: 'utf8' });

  let cliInput: string;
  let coreInput: string;
  beforeEach(() => {
    cliInput = input('cli.ts', BUILT_AT - 60);
    coreInput = input('core.ts', BUILT_AT - 60);
    // lava.js was built from cli.ts, lava-core.js from core.ts.
    writeStamp({
      newest: BUILT_AT * 1000,
      inputs: [cliInput, coreInput],
      bundles: { 'lava.js': [0], 'lava-core.js': [1] },
    });
    writeAnsweringBundle('first');
  });

  it('prints the first answer again without running the bundle', () => {
    expect(run('--help')).toBe('first --help');
    writeAnsweringBundle('second'); // the same stamp: the cache is trusted, the bundle not run
    expect(run('--help')).toBe('first --help');
    expect(run('-V')).toBe('second -V'); // each flag has its own answer
    expect(run('-V')).toBe('second -V');
  });

  it('does not cache other arguments', () => {
    expect(run('job', 'list')).toBe('first job list');
    writeAnsweringBundle('second');
    expect(run('job', 'list')).toBe('second job list');
  });

  it('rebuilds instead of answering from the cache when an input of the answering bundle changed', () => {
    run('--help');
    utimesSync(join(root, cliInput), BUILT_AT + 1, BUILT_AT + 1);
    expect(run('--help')).toBe('rebuilt');
  });

  it('still answers from the cache when only an input of a bundle the answer did not load changed', () => {
    run('--help');
    utimesSync(join(root, coreInput), BUILT_AT + 1, BUILT_AT + 1);
    writeAnsweringBundle('second');
    expect(run('--help')).toBe('first --help');
    // Any other command checks every input, so the changed library is rebuilt before it runs.
    expect(run('job', 'list')).toBe('rebuilt');
  });

  it('keeps no answer that failed or wrote to stderr', () => {
    writeAnsweringBundle('failed', { code: 2 });
    expect(() => run('--help')).toThrow();
    writeAnsweringBundle('warned', { stderr: 'warning' });
    expect(
      execFileSync(process.execPath, [join(root, 'libs/cli/bin/lava.js'), '--help'], {
        encoding: 'utf8',
        stdio: 'pipe',
      }),
    ).toBe('warned --help');
    writeAnsweringBundle('clean');
    expect(run('--help')).toBe('clean --help');
    writeAnsweringBundle('later');
    expect(run('--help')).toBe('clean --help');
  });
});
