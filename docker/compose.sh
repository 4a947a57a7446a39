#!/usr/bin/env bash
# The compose realm, whichever Compose and AWS endpoint this machine has:
#   bash docker/compose.sh up        # npm run docker:up: build/reuse images, start, wait healthy
#   bash docker/compose.sh down      # npm run docker:down (volumes kept; add -v to drop them)
#   bash docker/compose.sh <args>    # any other compose command on the same files (ps, logs -f)
# Compose: `docker compose` (v2) when the Docker CLI has it, else `docker-compose` (1.29).
# Variant (LAVA_COMPOSE_VARIANT): `localstack` runs docker-compose.yml as it is; `local` adds
# docker/compose.local.yml (the aws-local endpoint and databases built from Debian packages).
# Default: `localstack` when its image is present or can be pulled, else `local`.
# Project name: COMPOSE_PROJECT_NAME, default `lava`. Timeout of `up`: LAVA_UP_TIMEOUT (s, 420).
# LAVA_NO_BUILD=1: `up` uses the images as they are (built by whoever called it).
set -euo pipefail
cd "$(dirname "$0")/.."
export COMPOSE_PROJECT_NAME="${COMPOSE_PROJECT_NAME:-lava}" DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0

log() { printf 'compose: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

if docker compose version >/dev/null 2>&1; then compose_cmd=(docker compose); else compose_cmd=(docker-compose); fi

variant="${LAVA_COMPOSE_VARIANT:-}"
if [[ -z "$variant" ]]; then
  localstack_image="${LOCALSTACK_IMAGE:-localstack/localstack:4.12}"
  if docker image inspect "$localstack_image" >/dev/null 2>&1 || timeout 300 docker pull -q "$localstack_image" >/dev/null 2>&1; then
    variant=localstack
  else
    variant=local
  fi
fi
files=(-f docker-compose.yml)
case "$variant" in
  localstack) ;;
  local) files+=(-f docker/compose.local.yml) ;;
  *) die "LAVA_COMPOSE_VARIANT must be localstack or local, not '$variant'" ;;
esac
# docker-compose 1.x hands security_opt to the engine verbatim, and `systempaths=unconfined` is a
# Docker CLI option (it clears the masked /proc paths the worker's bubblewrap sandboxes must
# mount) that the engine refuses. 1.x has no other way to clear them than `privileged`, so it
# runs a resolved copy of the files with that instead (the worker process is still the
# unprivileged `node` user). Compose v2 uses the files as they are.
if [[ "${compose_cmd[*]}" == docker-compose ]] && grep -q 'systempaths=unconfined' docker-compose.yml; then
  resolved="${TMPDIR:-/tmp}/lava-compose-$COMPOSE_PROJECT_NAME.yml"
  "${compose_cmd[@]}" "${files[@]}" config | sed 's/^\( *\)- systempaths=unconfined$/\1privileged: true/' >"$resolved"
  files=(--project-directory . -f "$resolved")
fi
compose() { "${compose_cmd[@]}" "${files[@]}" "$@"; }

# Waits until every container of the project is running and healthy (the bootstrap: exited 0).
wait_healthy() {
  local deadline=$((SECONDS + ${LAVA_UP_TIMEOUT:-420})) pending id line name state health code
  while :; do
    pending=()
    for id in $(compose ps -q); do
      line=$(docker inspect -f '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{.State.ExitCode}}' "$id")
      read -r name state health code <<<"$line"
      case "$state/$health" in
        running/healthy) ;;
        exited/*) [[ "$code" == 0 ]] || die "${name#/} exited with code $code: see ${compose_cmd[*]} logs ${name#/}" ;;
        *) pending+=("${name#/}=$state/$health") ;;
      esac
    done
    ((${#pending[@]} == 0)) && return 0
    ((SECONDS < deadline)) || die "not healthy after ${LAVA_UP_TIMEOUT:-420} s: ${pending[*]}"
    sleep 2
  done
}

case "${1:-}" in
  up)
    shift
    if [[ -z "${LAVA_NO_BUILD:-}" ]]; then
      bash scripts/ensure-docker.sh --base
      local_db=()
      [[ "$variant" == local ]] && local_db=(--local-db)
      bash docker/build-images.sh "${LAVA_IMAGE_TAG:-dev}" lava "${local_db[@]}"
    fi
    log "starting project $COMPOSE_PROJECT_NAME ($variant variant, ${compose_cmd[*]})"
    compose up -d --no-build "$@"
    wait_healthy
    log "realm ${LAVA_REALM:-demo} is up: AWS endpoint http://127.0.0.1:${LOCALSTACK_PORT:-4566}"
    log "try: AWS_ENDPOINT_URL=http://127.0.0.1:${LOCALSTACK_PORT:-4566} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test npm run lava -- --realm ${LAVA_REALM:-demo} dispatch demo/hello"
    ;;
  wait) wait_healthy ;;
  variant) echo "$variant" ;;
  "") die "usage: docker/compose.sh up|down|wait|variant|<compose arguments>" ;;
  *) compose "$@" ;;
esac
