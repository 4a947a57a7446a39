#!/usr/bin/env node
// Runs a TypeScript entry point in-process with swc's require hook (decorator metadata on),
// so services, the CLI and scripts run from source without a build step.
require('./swc-register');
const path = require('node:path');
const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: run-ts <file.ts> [args...]\n');
  process.exit(2);
}
process.argv.splice(1, 2, path.resolve(entry));
require(path.resolve(entry));
