#!/usr/bin/env bash
# Starts Lava's own Samba instance for the smb tests and benchmarks (never the system one): its
# own config, state directories, port and passdb under $LAVA_TEST_SAMBA_DIR (default
# /tmp/lava-test-samba), share `lava` owned by the Unix user `lava-smb` whose SMB password is
# generated once and kept in a 0600 file. Installs samba and smbclient when missing (Debian).
# Idempotent and safe to run concurrently (flock); reuses a running instance. Prints the settings
# and writes them to $DIR/env (SMB_HOST, SMB_PORT, SMB_USER, SMB_SHARE, SMB_PASSWORD_FILE,
# SMB_SHARE_DIR) for the tests to read. Exits non-zero with the reason when smbd cannot start.
set -euo pipefail

DIR=${LAVA_TEST_SAMBA_DIR:-/tmp/lava-test-samba}
USER_NAME=lava-smb
SHARE=lava
mkdir -p "$DIR"
exec 9>"$DIR.lock"
flock 9

if ! command -v smbd >/dev/null && [ -x /usr/sbin/smbd ]; then PATH=$PATH:/usr/sbin; fi
if ! command -v smbd >/dev/null || ! command -v smbclient >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "samba: not installed, installing samba and smbclient"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends samba smbclient >/dev/null ||
      { apt-get update >/dev/null && apt-get install -y --no-install-recommends samba smbclient >/dev/null; }
    PATH=$PATH:/usr/sbin
  fi
fi
command -v smbd >/dev/null || { echo "samba (smbd) is not installed and cannot be installed here: apt-get install samba smbclient" >&2; exit 1; }
command -v smbclient >/dev/null || { echo "smbclient is not installed: apt-get install smbclient" >&2; exit 1; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
alive() { [ -f "$DIR/run/smbd.pid" ] && kill -0 "$(cat "$DIR/run/smbd.pid")" 2>/dev/null; }

if [ -f "$DIR/env" ] && alive && listening "$(sed -n 's/^SMB_PORT=//p' "$DIR/env")"; then
  cat "$DIR/env"
  exit 0
fi

[ "$(id -u)" = 0 ] || { echo "ensure-samba.sh must run as root (it creates the $USER_NAME user)" >&2; exit 1; }
id "$USER_NAME" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$USER_NAME"

port=${LAVA_TEST_SAMBA_PORT:-1445}
while listening "$port"; do port=$((port + 1)); done

mkdir -p "$DIR"/{private,lock,state,cache,run,ncalrpc,share}
chmod 700 "$DIR/private"
chown "$USER_NAME" "$DIR/share"
cat >"$DIR/smb.conf" <<CONF
[global]
  server role = standalone server
  smb ports = $port
  interfaces = 127.0.0.1
  bind interfaces only = yes
  disable netbios = yes
  server min protocol = SMB2_02
  private dir = $DIR/private
  lock directory = $DIR/lock
  state directory = $DIR/state
  cache directory = $DIR/cache
  pid directory = $DIR/run
  ncalrpc dir = $DIR/ncalrpc
  passdb backend = tdbsam:$DIR/private/passdb.tdb
  log file = $DIR/log.smbd
  max log size = 1000
  load printers = no
  printcap name = /dev/null
  disable spoolss = yes
  map to guest = never
[$SHARE]
  path = $DIR/share
  read only = no
  valid users = $USER_NAME
CONF

if [ ! -s "$DIR/password" ]; then
  (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=\n' >"$DIR/password")
fi
pw=$(cat "$DIR/password")
printf '%s\n%s\n' "$pw" "$pw" | smbpasswd -c "$DIR/smb.conf" -s -a "$USER_NAME" >/dev/null

smbd -D -s "$DIR/smb.conf" </dev/null >/dev/null 2>&1 9>&-
for _ in $(seq 100); do listening "$port" && break; sleep 0.1; done
listening "$port" || { echo "smbd did not start on 127.0.0.1:$port; log:" >&2; tail -20 "$DIR/log.smbd" >&2 || true; exit 1; }

cat >"$DIR/env" <<ENV
SMB_HOST=127.0.0.1
SMB_PORT=$port
SMB_USER=$USER_NAME
SMB_SHARE=$SHARE
SMB_SHARE_DIR=$DIR/share
SMB_PASSWORD_FILE=$DIR/password
ENV
cat "$DIR/env"
