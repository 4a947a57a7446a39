#!/usr/bin/env node
// Entrypoint of every service image:  node /app/entrypoint.js [/app/services/<name>/dist/main.js]
// The image names its service in LAVA_SERVICE_MAIN (docker/service.Dockerfile), so arguments
// given to the container pass through to the service; without it the first argument names it.
// ECS injects secret material (the broker's TLS certificate and key, the workers' CA) as
// environment variables, while the services read PEM *files* (LAVA_BROKER_TLS_CERT,
// LAVA_BROKER_TLS_KEY, LAVA_BROKER_CA). For every LAVA_<NAME>_PEM variable this writes the value
// to a 0600 file in a fresh 0700 directory, sets LAVA_<NAME> to the file's path and removes
// LAVA_<NAME>_PEM, so the PEM text never reaches a job's environment. It then loads the service
// in this same process: tini stays PID 1 and signals reach Node directly.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PEM_VAR = /^LAVA_[A-Z0-9_]+_PEM$/;

/**
 * Writes each LAVA_<NAME>_PEM of `env` to a file under a new private directory in `tmpRoot`,
 * points LAVA_<NAME> at it and deletes the PEM variable (mutates `env`). Returns the names set.
 * Throws when LAVA_<NAME> is also set (two sources for one file: a configuration mistake).
 */
function materialisePemEnv(env, tmpRoot = os.tmpdir()) {
  const names = Object.keys(env).filter((k) => PEM_VAR.test(k) && env[k]);
  if (names.length === 0) return [];
  const conflicts = names.map((n) => n.slice(0, -'_PEM'.length)).filter((target) => env[target]);
  if (conflicts.length)
    throw new Error(`set either ${conflicts.join(', ')} or the matching _PEM variable, not both`);
  const dir = fs.mkdtempSync(path.join(tmpRoot, 'lava-pem-'));
  return names.map((name) => {
    const target = name.slice(0, -'_PEM'.length);
    const file = path.join(dir, `${target.toLowerCase()}.pem`);
    const text = env[name].endsWith('\n') ? env[name] : `${env[name]}\n`;
    fs.writeFileSync(file, text, { mode: 0o600 });
    env[target] = file;
    delete env[name];
    return target;
  });
}

function main() {
  const fromEnv = process.env.LAVA_SERVICE_MAIN;
  const service = fromEnv || process.argv[2];
  if (!service) {
    process.stderr.write(
      'usage: LAVA_SERVICE_MAIN=<service main.js> node entrypoint.js, or node entrypoint.js <service main.js>\n',
    );
    process.exit(2);
  }
  try {
    materialisePemEnv(process.env);
  } catch (err) {
    // Names only: never the variable values.
    process.stderr.write(
      `${JSON.stringify({ level: 'error', msg: 'entrypoint failed', error: err.message })}\n`,
    );
    process.exit(1);
  }
  // The service sees the usual argv: [node, main.js, ...rest].
  if (fromEnv) process.argv[1] = service;
  else process.argv.splice(1, 1);
  require(path.resolve(service));
}

module.exports = { materialisePemEnv };
if (require.main === module) main();
