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
// beside it (an installed copy) nothing is checked.
const fs = require('node:fs');
const path = require('node:path');

// The SDK's Node-version notice would be printed on every CLI call; it is for operators of
// long-running services, not for command output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const argv = process.argv.slice(2);
if (process.env.LAVA_CLI_FROM_SOURCE) {
  require('../../../scripts/swc-register');
  require('../src/main.ts');
} else {
  const root = path.join(__dirname, '..', '..', '..');
  const dist = path.join(__dirname, '..', 'dist');
  let cli = isFresh(root, dist) ? tryLoad(dist) : undefined;
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
  void cli.runCli(argv);
}

/** True when the stamp's inputs are all older than the build (or there are no sources). */
function isFresh(root, dist) {
  if (!fs.existsSync(path.join(__dirname, '..', 'src'))) return true;
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(dist, '.build.json'), 'utf8'));
  } catch {
    return false;
  }
  // A stamp written by an older build script has another shape: rebuild rather than crash.
  if (!Array.isArray(stamp.inputs) || typeof stamp.newest !== 'number') return false;
  return stamp.inputs.every((f) => {
    const stat = fs.statSync(path.join(root, f), { throwIfNoEntry: false });
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
