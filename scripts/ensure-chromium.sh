#!/usr/bin/env bash
# Makes sure a headless Chromium is installed for the console's browser test: Debian's `chromium`
# package (the test drives this system browser with puppeteer-core; no browser is downloaded).
# Prints the browser's path last; fails loudly when it cannot be installed or does not start.
set -uo pipefail

browser() { command -v chromium || command -v chromium-browser || true; }

if [ -z "$(browser)" ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "chromium: not installed, installing Debian's package" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 ||
      { apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null; }
  fi
fi
path=$(browser)
[ -n "$path" ] || { echo "chromium is not installed and cannot be installed here: apt-get install chromium" >&2; exit 1; }

if ! version=$("$path" --headless --no-sandbox --disable-gpu --version 2>&1); then
  echo "chromium at $path does not start: $version" >&2
  exit 1
fi
echo "chromium: $version" >&2
echo "$path"
