#!/usr/bin/env bash
# Makes sure python3 with Jinja2 3.x and dateutil is available for the templating differential
# test (libs/templating/differential): installs Debian's python3-jinja2 and python3-dateutil
# with apt-get when missing, and fails with a clear message when that is impossible.
set -uo pipefail

probe() { python3 -c 'import jinja2, dateutil.parser, dateutil.relativedelta, dateutil.tz; assert int(jinja2.__version__.split(".")[0]) >= 3' 2>/dev/null; }

if probe; then
  echo "python3-jinja2: present ($(python3 -c 'import jinja2; print(jinja2.__version__)'))"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "python3 with Jinja2 >= 3 and dateutil is missing and apt-get is unavailable: install python3, jinja2 and python-dateutil" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "python3-jinja2: installing python3 python3-jinja2 python3-dateutil"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y --no-install-recommends python3 python3-jinja2 python3-dateutil >/dev/null 2>&1 ||
  { $SUDO apt-get update >/dev/null 2>&1 && $SUDO apt-get install -y --no-install-recommends python3 python3-jinja2 python3-dateutil; }
probe || { echo "python3-jinja2: still unusable after apt-get install (need Jinja2 >= 3 with python3-dateutil)" >&2; exit 1; }
echo "python3-jinja2: installed ($(python3 -c 'import jinja2; print(jinja2.__version__)'))"
