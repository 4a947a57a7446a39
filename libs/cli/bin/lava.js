#!/usr/bin/env node
// The `lava` command. Runs the bundled CLI (libs/cli/dist/lava.js, built by `npm ci` through the
// root `prepare` script; see scripts/build-cli.js), so no TypeScript compiler loads and a call
// reads a few files instead of resolving dozens of modules. LAVA_CLI_FROM_SOURCE=1 runs src/
// through swc's require hook instead.
//
// In a checkout the bundle may be older than the sources. The inputs the bundler recorded are
// stat'ed before any command starts: when an input changed, the bundle is rebuilt, so a stale
// build never runs. The stats are synchronous on purpose: some 350 `statSync` calls take about
// 5 ms, where the same stats through fs.promises took 58 ms of this thread's CPU (promise and
// FileHandle machinery, and loading fs/promises), more than the bundle itself. Without sources
// beside it (an installed copy) nothing is checked. `--help` and `--version` are answered from
// a cache kept with the bundle (see runWithOutputCache), after checking only the inputs of the
// bundles that answer needed: about 55 stats instead of 350.
const fs = require('node:fs');
const path = require('node:path');

// The SDK's Node-version notice would be printed on every CLI call; it is for operators of
// long-running services, not for command output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const argv = process.argv.slice(2);
/** Arguments whose whole output depends only on the bundle (see runWithOutputCache). */
const CACHED_FLAGS = { '--help': 'help', '-h': 'help', '--version': 'version', '-V': 'version' };
// A reader that stops early (`lava --help | head`) closes the pipe: end quietly, as the CLI does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
if (process.env.LAVA_CLI_FROM_SOURCE) {
  require('../../../scripts/swc-register');
  require('../src/main.ts');
} else {
  runBundle(path.join(__dirname, '..', '..', '..'), path.join(__dirname, '..', 'dist'));
}

function runBundle(root, dist) {
  const checkout = fs.existsSync(path.join(__dirname, '..', 'src'));
  const stamp = checkout ? readStamp(dist) : undefined;
  const cached = readCachedOutput(dist);
  if (cached && (!checkout || isFresh(root, stamp, cached.bundles))) {
    process.stdout.write(cached.text);
    return;
  }
  let cli = !checkout || isFresh(root, stamp) ? tryLoad(dist) : undefined;
  if (!cli) {
    require('node:child_process').execFileSync(
      process.execPath,
      [path.join(root, 'scripts', 'build-cli.js')],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    cli = require(path.join(dist, 'lava.js'));
  }
  void runWithOutputCache(cli, dist);
}

/**
 * `lava --help` and `lava --version` print the same text every time for a given bundle, Node
 * version and terminal width, yet building the command table to print it costs more than Node's
 * own start-up. Their output is kept beside the bundle (dist/output-cache/, gone with the next
 * rebuild, since a rebuild replaces dist/ whole) with the bundle files the answer loaded, and
 * printed from there while those bundles' inputs are unchanged; the first call of each runs the
 * CLI and stores what it printed. Any other arguments run the CLI as they are.
 */
function runWithOutputCache(cli, dist) {
  const file = outputCacheFile(dist);
  if (!file) return cli.runCli(argv);
  let out = '';
  let err = '';
  const io = {
    stdout: (text) => {
      out += text;
      process.stdout.write(text);
    },
    stderr: (text) => {
      err += text;
      process.stderr.write(text);
    },
    exit: (code) => {
      process.exitCode = code;
    },
  };
  return cli.runCli(argv, io).then((code) => {
    const bundles = loadedBundles(dist);
    // Only a clean, complete answer is kept, and only when it is known which bundles made it.
    if (code !== 0 || err !== '' || out === '' || !bundles.includes('lava.js')) return;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}`;
      fs.writeFileSync(tmp, JSON.stringify({ bundles, text: out }));
      fs.renameSync(tmp, file); // whole or absent: a concurrent reader never sees half a file
    } catch {
      // a read-only install: answer from the CLI every time
    }
  });
}

/** The bundle files (`lava.js`, `lava-core.js`, ...) this process has loaded from `dist`. */
function loadedBundles(dist) {
  let real;
  try {
    real = fs.realpathSync(dist);
  } catch {
    return [];
  }
  return Object.keys(require.cache)
    .filter((file) => path.dirname(file) === real && /^lava(-[\w-]+)?\.js$/.test(path.basename(file)))
    .map((file) => path.basename(file));
}

/** The cache file for these arguments, or undefined when their output is not cached. */
function outputCacheFile(dist) {
  const flag = argv.length === 1 ? CACHED_FLAGS[argv[0]] : undefined;
  if (!flag) return undefined;
  // Commander wraps help to the terminal's width, and to 80 columns when stdout is not a terminal.
  const width = process.stdout.isTTY ? process.stdout.columns : 0;
  return path.join(dist, 'output-cache', `${flag}-${process.version}-${width}.json`);
}

/** The cached answer for these arguments: its text and the bundles that made it. */
function readCachedOutput(dist) {
  const file = outputCacheFile(dist);
  if (!file) return undefined;
  try {
    const cached = JSON.parse(fs.readFileSync(file, 'utf8'));
    return typeof cached.text === 'string' && Array.isArray(cached.bundles) ? cached : undefined;
  } catch {
    return undefined;
  }
}

function readStamp(dist) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dist, '.build.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * True when the build's inputs are all older than the build: every input, or with `bundles` only
 * the inputs of those bundle files (and those every bundle shares).
 */
function isFresh(root, stamp, bundles) {
  // A stamp written by an older build script has another shape: rebuild rather than crash.
  if (!stamp || !Array.isArray(stamp.inputs) || typeof stamp.newest !== 'number') return false;
  let inputs = stamp.inputs;
  if (bundles) {
    const positions = bundles.map((b) => stamp.bundles?.[b]);
    if (positions.some((p) => !Array.isArray(p))) return false; // not this build's bundles
    inputs = [...new Set(positions.flat())].map((i) => stamp.inputs[i]);
  }
  return inputs.every((f) => {
    const stat =
      typeof f === 'string' ? fs.statSync(path.join(root, f), { throwIfNoEntry: false }) : undefined;
    return stat !== undefined && stat.mtimeMs <= stamp.newest; // a removed or renamed input: stale
  });
}

function tryLoad(dist) {
  try {
    return require(path.join(dist, 'lava.js'));
  } catch {
    return undefined;
  }
}
