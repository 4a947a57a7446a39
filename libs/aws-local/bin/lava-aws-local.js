#!/usr/bin/env node
// Runs the TypeScript CLI from source with swc's require hook (no build step in this repo).
require('../../../scripts/swc-register');
require('../src/main.ts')
  .bootstrap()
  .catch((error) => {
    process.stderr.write(`${error && error.message ? error.message : String(error)}\n`);
    process.exit(error && error.name === 'AwsLocalConfigError' ? 2 : 1);
  });
