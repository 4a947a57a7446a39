#!/usr/bin/env bash
# Makes sure bubblewrap can sandbox job processes (LAVA_JOB_ISOLATION=bwrap, the default): installs
# the Debian package when missing, then runs `true` in a sandbox like the worker's. Fails with the
# reason when this host cannot create the namespaces (see docs/job-isolation.md for the fallback).
set -uo pipefail

if ! command -v bwrap >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "bubblewrap: not installed, installing it"
    apt-get install -y --no-install-recommends bubblewrap >/dev/null || { apt-get update >/dev/null && apt-get install -y --no-install-recommends bubblewrap >/dev/null; }
  fi
fi
command -v bwrap >/dev/null || { echo "bubblewrap (bwrap) is not installed and cannot be installed here: apt-get install bubblewrap" >&2; exit 1; }

if ! out=$(bwrap --die-with-parent --unshare-pid --unshare-ipc --unshare-uts --cap-drop ALL \
  --ro-bind /usr /usr --ro-bind /etc /etc --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/lib64 /lib64 --proc /proc --dev /dev --tmpfs /tmp -- /usr/bin/true 2>&1); then
  echo "bubblewrap cannot create a sandbox on this host: $out" >&2
  echo "allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1) or run as root; see docs/job-isolation.md" >&2
  exit 1
fi
echo "bubblewrap: sandboxes work"
