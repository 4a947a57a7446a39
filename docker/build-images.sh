#!/usr/bin/env bash
# Builds every Lava image from the repository root, and pushes them when asked:
#   bash docker/build-images.sh                          # lava/<image>:dev
#   bash docker/build-images.sh 1.4.0 123456789012.dkr.ecr.eu-west-1.amazonaws.com/lava --push
#   bash docker/build-images.sh dev lava --local-db      # also lava/postgres, lava/mariadb
# Images: the six services (one docker/service.Dockerfile; the HTTP API with its console among them), cli (the `lava` command
# and the demo bootstrap), aws-local (the embedded AWS endpoint), worker-full (the worker plus python3, AWS CLI, database clients);
# with --local-db also PostgreSQL and MariaDB built from Debian packages, for the compose realm
# where the official images cannot be pulled (docker/compose.local.yml).
# Uses the classic builder (DOCKER_BUILDKIT=0): BuildKit pulls its frontend from a registry.
# When npm trusts an extra CA bundle (npm config cafile, or LAVA_BUILD_CA_FILE), it is copied to
# docker/.build-ca.pem (git-ignored) so `npm ci` inside the build stage trusts the same
# TLS-intercepting proxy; it never reaches a runtime stage.
# Prints each image's build time and size. DRY_RUN=1 prints the docker commands instead of
# running them. PLATFORM (default linux/amd64, what Fargate runs) is passed to docker build.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOCKER_BUILDKIT=0

tag=dev registry=lava push= local_db= positional=()
for arg in "$@"; do
  case "$arg" in
    --push) push=1 ;;
    --local-db) local_db=1 ;;
    -*) echo "build-images: unknown option $arg" >&2; exit 2 ;;
    *) positional+=("$arg") ;;
  esac
done
tag="${positional[0]:-$tag}"
registry="${positional[1]:-$registry}"
platform="${PLATFORM:-linux/amd64}"

run() {
  if [[ -n "${DRY_RUN:-}" ]]; then echo "$*"; else "$@"; fi
}

build_ca() {
  local ca="${LAVA_BUILD_CA_FILE:-$(npm config get cafile 2>/dev/null || true)}"
  local dest=docker/.build-ca.pem
  if [[ -n "$ca" && "$ca" != null && "$ca" != undefined && -r "$ca" ]]; then
    cmp -s "$ca" "$dest" || cp "$ca" "$dest"
  else
    rm -f "$dest"
  fi
}

# name -> "dockerfile context [build-arg]"
spec_of() {
  case "$1" in
    cli) echo "docker/cli.Dockerfile ." ;;
    aws-local) echo "docker/aws-local.Dockerfile ." ;;
    worker-full) echo "docker/worker-full.Dockerfile docker WORKER_IMAGE=$registry/worker:$tag,CLI_IMAGE=$registry/cli:$tag" ;;
    postgres | mariadb) echo "docker/db/$1.Dockerfile docker/db" ;;
    *) echo "docker/service.Dockerfile . SERVICE=$1" ;;
  esac
}

# Stage of docker/service.Dockerfile a service image ends in: the HTTP API and the secrets broker
# add their listen settings to the shared runtime stage; the others take it as is.
target_of() {
  case "$1" in
    api | secrets-broker) echo "$1" ;;
    scheduler | dispatcher | worker | audit-logger) echo service ;;
  esac
}

images=(scheduler dispatcher worker secrets-broker audit-logger api cli aws-local worker-full)
[[ -n "$local_db" ]] && images+=(postgres mariadb)
[[ -n "${DRY_RUN:-}" ]] || build_ca

report=()
for image in "${images[@]}"; do
  read -r dockerfile context build_arg <<<"$(spec_of "$image")"
  ref="$registry/$image:$tag"
  args=(docker build --platform "$platform" -f "$dockerfile" -t "$ref")
  target=$(target_of "$image")
  [[ -n "$target" ]] && args+=(--target "$target")
  # Build arguments: comma-separated NAME=VALUE pairs (image references hold no commas).
  IFS=, read -ra build_args <<<"$build_arg"
  for build_arg in "${build_args[@]}"; do args+=(--build-arg "$build_arg"); done
  started=$SECONDS
  if [[ -n "${DRY_RUN:-}" ]]; then
    run "${args[@]}" "$context"
  elif ! "${args[@]}" "$context" >"/tmp/lava-build-$image.$$.log" 2>&1; then
    tail -40 "/tmp/lava-build-$image.$$.log" >&2
    echo "build-images: $ref failed (full log: /tmp/lava-build-$image.$$.log)" >&2
    exit 1
  else
    rm -f "/tmp/lava-build-$image.$$.log"
    size=$(docker image inspect -f '{{.Size}}' "$ref")
    report+=("$(printf '%-34s %5ss %6s MB' "$ref" $((SECONDS - started)) $((size / 1000000)))")
    echo "built ${report[-1]}"
  fi
  if [[ -n "$push" && "$image" != postgres && "$image" != mariadb ]]; then run docker push "$ref"; fi
done
if ((${#report[@]})); then
  printf '\nimage                              build    size\n'
  printf '%s\n' "${report[@]}"
fi
