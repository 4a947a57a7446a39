#!/usr/bin/env bash
# Starts Lava's own container registry for the docker pull tests (Debian's `docker-registry`, the
# CNCF distribution registry; never a system-wide instance): its own config, storage and htpasswd
# under $LAVA_TEST_REGISTRY_DIR (default /tmp/lava-test-registry), plain HTTP on a loopback port
# (dockerd allows 127.0.0.0/8 registries without TLS), basic auth with bcrypt passwords made by
# `htpasswd -B`. Two users: `lava` (a `docker` connection's login) and `AWS` (the user of ECR
# tokens, whose password the local endpoint's ECR GetAuthorizationToken hands out). Passwords are
# generated once and kept in 0600 files. Installs docker-registry and apache2-utils when missing
# (Debian). Idempotent and safe to run concurrently (flock); reuses a running instance. Prints the
# settings and writes them to $DIR/env (REGISTRY_HOST, REGISTRY_PORT, REGISTRY_USER,
# REGISTRY_PASSWORD_FILE, REGISTRY_ECR_PASSWORD_FILE) for the tests to read. Exits non-zero with
# the reason when the registry cannot start.
set -euo pipefail

DIR=${LAVA_TEST_REGISTRY_DIR:-/tmp/lava-test-registry}
mkdir -p "$DIR"
exec 9>"$DIR.lock"
flock 9

if ! command -v docker-registry >/dev/null || ! command -v htpasswd >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "registry: not installed, installing docker-registry and apache2-utils"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends docker-registry apache2-utils >/dev/null ||
      { apt-get update >/dev/null && apt-get install -y --no-install-recommends docker-registry apache2-utils >/dev/null; }
  fi
fi
command -v docker-registry >/dev/null || { echo "docker-registry is not installed and cannot be installed here: apt-get install docker-registry" >&2; exit 1; }
command -v htpasswd >/dev/null || { echo "htpasswd is not installed: apt-get install apache2-utils" >&2; exit 1; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
alive() { [ -f "$DIR/registry.pid" ] && kill -0 "$(cat "$DIR/registry.pid")" 2>/dev/null; }

if [ -f "$DIR/env" ] && alive && listening "$(sed -n 's/^REGISTRY_PORT=//p' "$DIR/env")"; then
  cat "$DIR/env"
  exit 0
fi
# A dead or half-started instance: stop what is left of it before starting afresh.
if alive; then kill "$(cat "$DIR/registry.pid")" 2>/dev/null || true; fi

port=${LAVA_TEST_REGISTRY_PORT:-5500}
while listening "$port"; do port=$((port + 1)); done

mkdir -p "$DIR/data"
chmod 700 "$DIR"
secret() { [ -s "$1" ] || (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=\n' >"$1"); }
secret "$DIR/password"
secret "$DIR/ecr-password"
secret "$DIR/http-secret"
(umask 077 && : >"$DIR/htpasswd.new")
# -i: passwords from stdin, never on a command line (visible in the process list).
htpasswd -B -i "$DIR/htpasswd.new" lava <"$DIR/password" >/dev/null 2>&1
htpasswd -B -i "$DIR/htpasswd.new" AWS <"$DIR/ecr-password" >/dev/null 2>&1
mv "$DIR/htpasswd.new" "$DIR/htpasswd"

cat >"$DIR/config.yml" <<CONF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $DIR/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  secret: $(cat "$DIR/http-secret")
auth:
  htpasswd:
    realm: lava-test-registry
    path: $DIR/htpasswd
CONF
chmod 600 "$DIR/config.yml"

setsid docker-registry serve "$DIR/config.yml" </dev/null >"$DIR/registry.log" 2>&1 9>&- &
echo $! >"$DIR/registry.pid"
for _ in $(seq 100); do listening "$port" && break; sleep 0.1; done
listening "$port" || { echo "docker-registry did not start on 127.0.0.1:$port; log:" >&2; tail -20 "$DIR/registry.log" >&2 || true; exit 1; }

cat >"$DIR/env" <<ENV
REGISTRY_HOST=127.0.0.1:$port
REGISTRY_PORT=$port
REGISTRY_USER=lava
REGISTRY_PASSWORD_FILE=$DIR/password
REGISTRY_ECR_PASSWORD_FILE=$DIR/ecr-password
ENV
cat "$DIR/env"
