#!/usr/bin/env bash
# Builds every Lava image (five services and the CLI) from the repository root, and pushes them
# when a registry is given:
#   bash docker/build-images.sh                          # lava/<service>:dev
#   bash docker/build-images.sh 1.4.0 123456789012.dkr.ecr.eu-west-1.amazonaws.com/lava --push
# DRY_RUN=1 prints the docker commands instead of running them. PLATFORM (default linux/amd64,
# what Fargate runs) is passed to docker build.
set -euo pipefail
cd "$(dirname "$0")/.."

tag="${1:-dev}"
registry="${2:-lava}"
push="${3:-}"
platform="${PLATFORM:-linux/amd64}"

run() {
  if [[ -n "${DRY_RUN:-}" ]]; then echo "$*"; else "$@"; fi
}

dockerfile_of() {
  if [[ "$1" == cli ]]; then echo docker/cli.Dockerfile; else echo "services/$1/Dockerfile"; fi
}

for image in scheduler dispatcher worker secrets-broker audit-logger cli; do
  ref="$registry/$image:$tag"
  run docker build --platform "$platform" -f "$(dockerfile_of "$image")" -t "$ref" .
  if [[ "$push" == --push ]]; then run docker push "$ref"; fi
done
