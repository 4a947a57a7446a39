#!/usr/bin/env node
// The `bootstrap` service of docker-compose.yml: seeds the demo realm with exactly the code and
// samples `npm start` uses (libs/local-realm seedRealm, samples/demo), so the two demos match
// and only AWS_ENDPOINT_URL differs. Idempotent: a second run converges on the same realm.
'use strict';
const path = require('node:path');

// In the image this file is /app/docker/seed-demo.js, beside the compiled tree.
const app = path.join(__dirname, '..');
const { seedRealm } = require(path.join(app, 'libs/local-realm/dist/index.js'));

const realm = process.env.LAVA_REALM || 'demo';
const workers = (process.env.LAVA_WORKERS || 'core')
  .split(',')
  .map((w) => w.trim())
  .filter(Boolean);

seedRealm({ realm, workers, samplesDir: path.join(app, 'samples/demo'), env: { ...process.env } }).then(
  () => {
    process.stdout.write(
      `realm ${realm} ready (workers: ${workers.join(', ')}); try: docker compose run --rm cli dispatch demo/hello\n`,
    );
  },
  (err) => {
    process.stderr.write(`bootstrap of realm ${realm} failed: ${(err && err.message) || err}\n`);
    process.exitCode = 1;
  },
);
