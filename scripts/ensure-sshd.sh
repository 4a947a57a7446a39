#!/usr/bin/env bash
# Starts Lava's own OpenSSH server for the ssh/scp/sftp/git tests and benchmarks (never the
# system one): its own host key, config, pid file and port under $LAVA_TEST_SSHD_DIR (default
# /tmp/lava-test-sshd), listening on 127.0.0.1 only and admitting only the Unix user `lava-ssh`
# (home $DIR/home), by key ($DIR/client_key, no passphrase) or by password ($DIR/password, 0600,
# generated once). Serves sftp (internal-sftp) and a bare git repository $DIR/home/repo.git with
# one commit. Installs openssh-server, openssh-client and git when missing (Debian). Idempotent
# and safe to run concurrently (flock). Prints the settings and writes them to $DIR/env
# (SSH_HOST, SSH_PORT, SSH_USER, SSH_PASSWORD_FILE, SSH_KEY_FILE, SSH_KNOWN_HOSTS_FILE,
# SSH_HOME, SSH_GIT_REPO). Exits non-zero with the reason when sshd cannot start.
set -euo pipefail

DIR=${LAVA_TEST_SSHD_DIR:-/tmp/lava-test-sshd}
USER_NAME=lava-ssh
mkdir -p "$DIR"
exec 9>"$DIR.lock"
flock 9

if ! command -v sshd >/dev/null && [ -x /usr/sbin/sshd ]; then PATH=$PATH:/usr/sbin; fi
if ! command -v sshd >/dev/null || ! command -v ssh >/dev/null || ! command -v git >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "sshd: installing openssh-server openssh-client git"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends openssh-server openssh-client git >/dev/null ||
      { apt-get update >/dev/null && apt-get install -y --no-install-recommends openssh-server openssh-client git >/dev/null; }
    PATH=$PATH:/usr/sbin
  fi
fi
for c in sshd ssh sftp scp git ssh-keygen; do
  command -v "$c" >/dev/null || { echo "$c is not installed and cannot be installed here: apt-get install openssh-server openssh-client git" >&2; exit 1; }
done

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
alive() { [ -f "$DIR/sshd.pid" ] && kill -0 "$(cat "$DIR/sshd.pid")" 2>/dev/null; }

if [ -f "$DIR/env" ] && alive && listening "$(sed -n 's/^SSH_PORT=//p' "$DIR/env")"; then
  cat "$DIR/env"
  exit 0
fi

[ "$(id -u)" = 0 ] || { echo "ensure-sshd.sh must run as root (it creates the $USER_NAME user)" >&2; exit 1; }
mkdir -p "$DIR/home" /run/sshd
id "$USER_NAME" >/dev/null 2>&1 || useradd --system --home-dir "$DIR/home" --shell /bin/sh "$USER_NAME"
chown "$USER_NAME" "$DIR/home"

if [ ! -s "$DIR/password" ]; then
  (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=\n' >"$DIR/password")
fi
printf '%s:%s\n' "$USER_NAME" "$(cat "$DIR/password")" | chpasswd
[ -f "$DIR/host_key" ] || ssh-keygen -q -t ed25519 -N '' -C lava-test-host -f "$DIR/host_key"
[ -f "$DIR/client_key" ] || ssh-keygen -q -t ed25519 -N '' -C lava-test-client -f "$DIR/client_key"
cp "$DIR/client_key.pub" "$DIR/authorized_keys"

if [ ! -d "$DIR/home/repo.git" ]; then
  work=$(mktemp -d)
  git -C "$work" init -q -b main
  echo "Served by Lava's test sshd" >"$work/README.md"
  git -C "$work" add README.md
  git -C "$work" -c user.name=lava -c user.email=lava@example.invalid commit -q -m 'first commit'
  git clone -q --bare "$work" "$DIR/home/repo.git"
  rm -rf "$work"
  chown -R "$USER_NAME" "$DIR/home/repo.git"
fi

port=${LAVA_TEST_SSHD_PORT:-2222}
while listening "$port"; do port=$((port + 1)); done
cat >"$DIR/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $DIR/host_key
PidFile $DIR/sshd.pid
AuthorizedKeysFile $DIR/authorized_keys
AllowUsers $USER_NAME
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication yes
UsePAM no
StrictModes no
PermitRootLogin no
X11Forwarding no
Subsystem sftp internal-sftp
CONF
"$(command -v sshd)" -t -f "$DIR/sshd_config"
"$(command -v sshd)" -f "$DIR/sshd_config" -E "$DIR/sshd.log" </dev/null >/dev/null 2>&1 9>&-
for _ in $(seq 100); do listening "$port" && break; sleep 0.1; done
listening "$port" || { echo "sshd did not start on 127.0.0.1:$port; log:" >&2; tail -20 "$DIR/sshd.log" >&2 || true; exit 1; }

echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$DIR/host_key.pub")" >"$DIR/known_hosts"
cat >"$DIR/env" <<ENV
SSH_HOST=127.0.0.1
SSH_PORT=$port
SSH_USER=$USER_NAME
SSH_PASSWORD_FILE=$DIR/password
SSH_KEY_FILE=$DIR/client_key
SSH_KNOWN_HOSTS_FILE=$DIR/known_hosts
SSH_HOME=$DIR/home
SSH_GIT_REPO=$DIR/home/repo.git
ENV
cat "$DIR/env"
