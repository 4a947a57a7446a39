#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and MariaDB (127.0.0.1:3306) answer: starts them when
# installed but stopped, fails with a clear message when absent.
set -uo pipefail

wait_for() { # name, probe command...
  local name=$1; shift
  for _ in $(seq 1 60); do "$@" >/dev/null 2>&1 && { echo "$name: up"; return 0; }; sleep 0.5; done
  return 1
}

pg_probe() { pg_isready -h 127.0.0.1 -p 5432 -q; }
maria_probe() {
  if command -v mariadb-admin >/dev/null; then mariadb-admin -h127.0.0.1 -P3306 -uroot ping; else mysqladmin -h127.0.0.1 -P3306 -uroot ping; fi
}

if ! pg_probe 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "PostgreSQL: not answering, starting it"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  else
    echo "PostgreSQL is not installed: the tests need a server on 127.0.0.1:5432 with trust auth" >&2; exit 1
  fi
fi
wait_for PostgreSQL pg_probe || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }

if ! maria_probe 2>/dev/null; then
  if [ -x /usr/sbin/mariadbd ]; then
    echo "MariaDB: not answering, starting it"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
  else
    echo "MariaDB is not installed: the tests need a server on 127.0.0.1:3306 (root, empty password)" >&2; exit 1
  fi
fi
wait_for MariaDB maria_probe || { echo "MariaDB does not answer on 127.0.0.1:3306" >&2; exit 1; }
