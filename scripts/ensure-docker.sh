#!/usr/bin/env bash
# Makes sure a Docker engine answers here, for the container tier (npm run test:containers) and
# anything else that builds or runs images:
#   - installs docker.io, docker-compose and debootstrap from Debian when missing (needs root and
#     apt; nothing is installed when they are already there);
#   - starts dockerd in the background when it does not answer, and waits for it;
#   - with --base, also makes sure the base images exist (docker/base-image.sh: pulled, or built
#     locally when no container registry is reachable; cached).
# Idempotent: a second run returns in about a second. Exits non-zero with the reason when the
# engine cannot be provided; it never pretends.
#   bash scripts/ensure-docker.sh [--base]
set -uo pipefail
cd "$(dirname "$0")/.."

log() { printf 'ensure-docker: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
answers() { timeout 10 docker info >/dev/null 2>&1; }

want_base=
for arg in "$@"; do
  case "$arg" in
    --base) want_base=1 ;;
    *) die "unknown option $arg (usage: scripts/ensure-docker.sh [--base])" ;;
  esac
done

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker >/dev/null || missing+=(docker.io)
command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null || missing+=(debootstrap)
if ((${#missing[@]})); then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  [[ $(id -u) == 0 ]] || die "missing ${missing[*]}; install them (as root: apt-get install ${missing[*]})"
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/tmp/ensure-docker-apt.log 2>&1 ||
    die "apt-get install ${missing[*]} failed; see /tmp/ensure-docker-apt.log"
fi

if ! answers; then
  [[ $(id -u) == 0 ]] || die "dockerd does not answer and only root can start it here; start Docker or set DOCKER_HOST"
  if ! pgrep -x dockerd >/dev/null; then
    log "starting dockerd in the background (log: /var/log/lava-dockerd.log)"
    # containerd ships with docker.io; dockerd starts its own when none runs.
    setsid nohup dockerd >/var/log/lava-dockerd.log 2>&1 </dev/null &
  fi
  for _ in $(seq 1 60); do answers && break; sleep 1; done
  answers || die "dockerd did not answer within 60 s; see /var/log/lava-dockerd.log"
fi
log "engine: $(docker version --format 'client {{.Client.Version}}, server {{.Server.Version}}' 2>/dev/null)"

if [[ -n "$want_base" ]]; then
  bash docker/base-image.sh || die "base images unavailable (docker/base-image.sh failed)"
fi
