#!/usr/bin/env node
// The `lava` command: runs the TypeScript entry point in-process with swc's require hook
// (no build step), like scripts/run-ts.js.
// The SDK's Node-version notice would be printed on every CLI call; it is for operators of
// long-running services, not for command output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('../../../scripts/swc-register');
require('../src/main.ts');
