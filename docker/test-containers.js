#!/usr/bin/env node
// `npm run test:containers`: the container tier. Makes sure a Docker engine and the base images
// exist (scripts/ensure-docker.sh --base), builds every image or reuses the cached layers
// (docker/build-images.sh --local-db), then runs the `containers` jest project: the compose realm
// up from these images, driven from the host through the CLI and the SDK
// (test/containers/*.containers-spec.ts). Prints one summary line with the time of each phase;
// exits non-zero when any phase fails. It never skips: no Docker engine is a failure.
//   LAVA_IMAGE_TAG (default dev)   tag of the lava/* images built and run
//   LAVA_COMPOSE_VARIANT           localstack | local (default: local unless LocalStack pulls)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const TAG = process.env.LAVA_IMAGE_TAG || 'dev';

function phase(label, command, args, env = process.env) {
  process.stdout.write(`\n== test:containers: ${label} ==\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env });
  return {
    label,
    ok: result.status === 0,
    seconds: Math.round((Date.now() - started) / 1000),
    status: result.status,
  };
}

function main() {
  const started = Date.now();
  const phases = [];
  const failed = () => phases.some((p) => !p.ok);
  phases.push(phase('engine and base images', 'bash', ['scripts/ensure-docker.sh', '--base']));
  if (!failed()) phases.push(phase('images', 'bash', ['docker/build-images.sh', TAG, 'lava', '--local-db']));
  let tests = '';
  if (!failed()) {
    const outDir = path.join(ROOT, '.jest-results');
    fs.mkdirSync(outDir, { recursive: true });
    const outputFile = path.join(outDir, 'containers.json');
    fs.rmSync(outputFile, { force: true });
    const jest = require.resolve('jest/bin/jest', { paths: [ROOT] });
    // Ryuk (testcontainers' reaper) is an image from a registry; the specs stop what they start.
    const env = {
      ...process.env,
      LAVA_IMAGE_TAG: TAG,
      NX_DAEMON: 'false',
      TESTCONTAINERS_RYUK_DISABLED: 'true',
    };
    const run = phase(
      'compose realm end to end',
      process.execPath,
      [jest, '--selectProjects', 'containers', '--runInBand', '--json', `--outputFile=${outputFile}`],
      env,
    );
    if (fs.existsSync(outputFile)) {
      const r = JSON.parse(fs.readFileSync(outputFile, 'utf8'));
      tests = `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`;
      if (r.numTotalTests === 0 || r.numPendingTests + r.numTodoTests > 0) run.ok = false;
    }
    phases.push(run);
  }
  const total = Math.round((Date.now() - started) / 1000);
  const times = phases.map((p) => `${p.label} ${p.seconds}s${p.ok ? '' : ' FAILED'}`).join(', ');
  process.stdout.write(
    `\ntest:containers: ${failed() ? 'FAIL' : 'PASS'}${tests ? ` (${tests})` : ''}; ${times}; total ${total}s\n`,
  );
  return failed() ? 1 : 0;
}

process.exitCode = main();
