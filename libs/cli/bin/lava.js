#!/usr/bin/env node
// The `lava` command. Runs the bundled CLI (libs/cli/dist/lava.js, built by `npm ci` through the
// root `prepare` script; see scripts/build-cli.js), so no TypeScript compiler loads and a call
// reads a few files instead of resolving dozens of modules. LAVA_CLI_FROM_SOURCE=1 runs src/
// through swc's require hook instead.
//
// In a checkout the bundle may be older than the sources. The inputs the bundler recorded are
// stat'ed on libuv's thread pool while this thread parses the bundle, and no command starts
// until the answer is in: when an input changed, the bundle is rebuilt and loaded again, so a
// stale build never runs, and the check costs next to no wall time. Without sources beside it
// (an installed copy) nothing is checked.
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
  const fresh = isFresh(root, dist);
  let cli = tryLoad(dist);
  void fresh.then((ok) => {
    if (!ok || !cli) {
      require('node:child_process').execFileSync(
        process.execPath,
        [path.join(root, 'scripts', 'build-cli.js')],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      for (const key of Object.keys(require.cache))
        if (key.startsWith(dist + path.sep)) delete require.cache[key];
      cli = require(path.join(dist, 'lava.js'));
    }
    return cli.runCli(argv);
  });
}

/** Resolves true when the stamp's inputs are all older than the build (or there are no sources). */
function isFresh(root, dist) {
  if (!fs.existsSync(path.join(__dirname, '..', 'src'))) return Promise.resolve(true);
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(dist, '.build.json'), 'utf8'));
  } catch {
    return Promise.resolve(false);
  }
  // A stamp written by an older build script has another shape: rebuild rather than crash.
  if (!Array.isArray(stamp.inputs) || typeof stamp.newest !== 'number') return Promise.resolve(false);
  const newer = (f) => fs.promises.stat(path.join(root, f)).then((s) => s.mtimeMs > stamp.newest);
  return Promise.all(stamp.inputs.map(newer)).then(
    (changed) => !changed.includes(true),
    () => false, // an input was removed or renamed
  );
}

function tryLoad(dist) {
  try {
    return require(path.join(dist, 'lava.js'));
  } catch {
    return undefined;
  }
}
