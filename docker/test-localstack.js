#!/usr/bin/env node
// `npm run test:localstack`: the aws-local conformance suite and the end-to-end suite against
// LocalStack instead of the embedded endpoint.
//   - LAVA_TEST_AWS_ENDPOINT set: use that endpoint (a LocalStack you started, e.g. with
//     `docker compose up localstack`), start nothing.
//   - otherwise: start LocalStack with testcontainers (needs a Docker engine), run, stop it.
// Without either it fails at once with a message saying so; it never silently passes.
'use strict';
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const IMAGE = process.env.LOCALSTACK_IMAGE || 'localstack/localstack:4.12';
const SERVICES = 'sqs,events,dynamodb,s3,ssm,secretsmanager,sns,sts';
const SUITES = [
  {
    label: 'aws-local conformance',
    args: ['--selectProjects', 'integration', '--runInBand', 'libs/aws-local'],
  },
  { label: 'end-to-end', args: ['--selectProjects', 'e2e', '--runInBand'] },
];

class SetupError extends Error {}

async function main() {
  const given = process.env.LAVA_TEST_AWS_ENDPOINT;
  const localstack = given ? undefined : await startLocalStack();
  const endpoint = given || localstack.endpoint;
  process.stdout.write(
    `test:localstack: suites run against ${endpoint}${given ? ' (LAVA_TEST_AWS_ENDPOINT)' : ` (${IMAGE} via testcontainers)`}\n`,
  );
  try {
    return runSuites(endpoint);
  } finally {
    if (localstack) await localstack.container.stop();
  }
}

/** Runs every suite (even after a failure, so one run reports all); exit code 1 if any failed. */
function runSuites(endpoint) {
  const jest = require.resolve('jest/bin/jest', { paths: [ROOT] });
  const env = { ...process.env, LAVA_TEST_AWS_ENDPOINT: endpoint, NX_DAEMON: 'false' };
  const failed = SUITES.filter(({ label, args }) => {
    process.stdout.write(`\n== ${label} ==\n`);
    const run = spawnSync(process.execPath, [jest, ...args], { cwd: ROOT, stdio: 'inherit', env });
    return run.status !== 0;
  });
  process.stdout.write(
    `\ntest:localstack: ${SUITES.length - failed.length}/${SUITES.length} suites passed${failed.length ? `; failed: ${failed.map((s) => s.label).join(', ')}` : ''}\n`,
  );
  return failed.length ? 1 : 0;
}

async function startLocalStack() {
  const tc = loadTestcontainers();
  try {
    await tc.getContainerRuntimeClient();
  } catch (err) {
    throw new SetupError(
      `no Docker engine is reachable (${firstLine(err)}).\n` +
        'Start Docker (or set DOCKER_HOST), or point the suites at a running LocalStack:\n' +
        '  docker compose up -d localstack && LAVA_TEST_AWS_ENDPOINT=http://127.0.0.1:4566 npm run test:localstack',
    );
  }
  const environment = { SERVICES, EAGER_SERVICE_LOADING: '1' };
  if (process.env.LOCALSTACK_AUTH_TOKEN)
    environment.LOCALSTACK_AUTH_TOKEN = process.env.LOCALSTACK_AUTH_TOKEN;
  const container = await new tc.GenericContainer(IMAGE)
    .withEnvironment(environment)
    .withExposedPorts(4566)
    .withWaitStrategy(tc.Wait.forHttp('/_localstack/health', 4566).forStatusCode(200))
    .withStartupTimeout(180_000)
    .start();
  return { container, endpoint: `http://${container.getHost()}:${container.getMappedPort(4566)}` };
}

function loadTestcontainers() {
  try {
    return require(require.resolve('testcontainers', { paths: [path.join(ROOT, 'test'), ROOT] }));
  } catch (err) {
    throw new SetupError(`the testcontainers package is not installed (${firstLine(err)}); run npm ci`);
  }
}

function firstLine(err) {
  return String((err && err.message) || err).split('\n')[0];
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(
      `test:localstack: ${err instanceof SetupError ? err.message : (err && err.stack) || err}\n`,
    );
    process.exitCode = err instanceof SetupError ? 2 : 1;
  },
);
