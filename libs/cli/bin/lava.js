#!/usr/bin/env node
// The `lava` command. Runs the compiled CLI (libs/*/dist, built by `npm ci` through the root
// `prepare` script, and rebuilt here when a source file changed since), so no TypeScript
// compiler loads on each call. LAVA_CLI_FROM_SOURCE=1 runs src/ through swc's require hook.
// The SDK's Node-version notice would be printed on every CLI call; it is for operators of
// long-running services, not for command output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
if (process.env.LAVA_CLI_FROM_SOURCE) {
  require('../../../scripts/swc-register');
  require('../src/main.ts');
} else {
  const build = require('../../../scripts/build-cli.js');
  if (!build.upToDate()) build.build();
  require('../../../scripts/dist-resolve.js');
  require('../dist/main.js');
}
