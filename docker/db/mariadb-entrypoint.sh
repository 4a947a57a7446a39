#!/bin/bash
# First start: create the system tables; every start: the root password, database and user from
# the MARIADB_* variables (idempotent statements in an init file), then mariadbd in the foreground.
set -euo pipefail
: "${MARIADB_ROOT_PASSWORD:?mariadb: set MARIADB_ROOT_PASSWORD}"
if [[ ! -d /var/lib/mysql/mysql ]]; then
  mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db >/dev/null
  echo "mariadb: initialised /var/lib/mysql"
fi
sql() { printf '%s\n' "$@" >>"$init"; }
quote() { printf "'%s'" "${1//\'/\'\'}"; }
init=$(mktemp /run/mysqld/init.XXXXXX.sql)
sql "ALTER USER 'root'@'localhost' IDENTIFIED BY $(quote "$MARIADB_ROOT_PASSWORD");"
sql "CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY $(quote "$MARIADB_ROOT_PASSWORD");"
sql "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
if [[ -n "${MARIADB_DATABASE:-}" ]]; then sql "CREATE DATABASE IF NOT EXISTS \`$MARIADB_DATABASE\`;"; fi
if [[ -n "${MARIADB_USER:-}" ]]; then
  sql "CREATE USER IF NOT EXISTS '$MARIADB_USER'@'%' IDENTIFIED BY $(quote "${MARIADB_PASSWORD:-}");"
  sql "ALTER USER '$MARIADB_USER'@'%' IDENTIFIED BY $(quote "${MARIADB_PASSWORD:-}");"
  if [[ -n "${MARIADB_DATABASE:-}" ]]; then sql "GRANT ALL ON \`$MARIADB_DATABASE\`.* TO '$MARIADB_USER'@'%';"; fi
fi
exec mariadbd --user=mysql --datadir=/var/lib/mysql --bind-address=0.0.0.0 --skip-name-resolve --init-file="$init"
