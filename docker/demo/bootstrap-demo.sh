#!/bin/sh
# One-shot bootstrap of the demo realm for `docker compose up` (the `bootstrap` service).
# Idempotent: `lava realm create` and `lava job put` converge, so a restart is harmless.
# Everything reaches AWS through AWS_ENDPOINT_URL (LocalStack in compose, nothing on AWS).
set -eu
realm="${LAVA_REALM:-demo}"
here="$(dirname "$0")"
lava() { node /app/libs/cli/dist/main.js "$@"; }

lava realm create "$realm"
lava worker create "$realm" core
node "$here/upload-payloads.js"
lava --realm "$realm" job put "$here/jobs"
echo "demo realm '$realm' ready: try  docker compose run --rm cli --realm $realm dispatch demo/chain"
