import type { ResolvedSmbConnection, ResolvedSshConnection } from '../model/connection';
import { smbAuthFile, smbclientArgs } from '../transfer/smb-client';
import type { PrivateDir } from './private-dir';

type Put = (k: string, v: string | number | undefined) => void;

/**
 * The files an `ssh`/`scp`/`sftp`/`git` helper needs, each 0600 in the private directory: the
 * key, the known hosts, the password with a 0700 `SSH_ASKPASS` script that prints it, and an
 * ssh_config(5) file tying them together (`ssh -F`). The job's own `ssh_options` come first,
 * since ssh_config keeps the first value it reads. Without a password, `BatchMode yes`: ssh then
 * fails instead of waiting for an answer no job can give.
 */
export async function writeSshFiles(
  r: ResolvedSshConnection,
  dir: PrivateDir,
  put: Put,
): Promise<Record<string, string>> {
  const s = r.ssh;
  put('HOST', s.host);
  put('PORT', s.port);
  put('USER', s.user);
  const lines = s.options.map((o) => o.replace(/^(\w+)\s*[= ]\s*/, '$1 '));
  const files: Record<string, string> = {};
  if (s.privateKey !== undefined) {
    const key = await dir.file('ssh-key', s.privateKey);
    put('SSH_KEY_FILE', key);
    lines.push(`IdentityFile "${key}"`, 'IdentitiesOnly yes');
  }
  if (s.knownHosts.length > 0) {
    const known = await dir.file('known_hosts', `${s.knownHosts.join('\n')}\n`);
    put('KNOWN_HOSTS_FILE', known);
    lines.push(`UserKnownHostsFile "${known}"`, 'StrictHostKeyChecking yes');
  }
  if (s.password !== undefined) {
    const password = await dir.file('password', s.password);
    put('PASSWORD_FILE', password);
    files.askpass = await dir.script('askpass', `#!/bin/sh\nexec cat ${q(password)}\n`);
    lines.push('NumberOfPasswordPrompts 1');
  } else lines.push('BatchMode yes');
  if (s.port !== undefined) lines.push(`Port ${s.port}`);
  if (s.user !== undefined) lines.push(`User ${s.user}`);
  files.config = await dir.file('ssh_config', `${lines.join('\n')}\n`);
  put('SSH_CONFIG', files.config);
  return files;
}

/** `$LAVA_CONN_<LABEL>` for the SSH family: the client named by the type, configured by `-F`. */
export function sshHelperBody(r: ResolvedSshConnection, files: Record<string, string>): string {
  const askpass =
    files.askpass === undefined
      ? ''
      : `SSH_ASKPASS=${q(files.askpass)} SSH_ASKPASS_REQUIRE=force\nexport SSH_ASKPASS SSH_ASKPASS_REQUIRE\n`;
  if (r.type === 'git')
    return `${askpass}GIT_SSH_COMMAND=${q(`ssh -F ${q(files.config!)}`)} GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0\nexport GIT_SSH_COMMAND GIT_CONFIG_NOSYSTEM GIT_TERMINAL_PROMPT\nexec git "$@"\n`;
  return `${askpass}exec ${r.type} -F ${q(files.config!)} "$@"\n`;
}

/** The smb helper's settings and its credentials file. */
export async function writeSmbFiles(
  r: ResolvedSmbConnection,
  dir: PrivateDir,
  put: Put,
): Promise<Record<string, string>> {
  put('HOST', r.smb.host);
  put('PORT', r.smb.port);
  put('USER', r.smb.user);
  put('PASSWORD_FILE', await dir.file('password', r.smb.password));
  const auth = await dir.file('smb-credentials', smbAuthFile(r.smb));
  put('SMB_AUTH_FILE', auth);
  return { smbAuth: auth };
}

/**
 * `$LAVA_CONN_<LABEL> get SHARE:PATH FILE` / `put [-m|--mkdir] FILE SHARE:PATH`, the original's
 * `lava-smb` interface for local files (a job has no S3 credentials: smb_get/smb_put move S3
 * objects). Paths holding `;` are refused (smbclient would split the command there). smbclient's
 * progress and errors go to stderr, so a job's stdout stays its own.
 */
export function smbHelperBody(r: ResolvedSmbConnection, files: Record<string, string>): string {
  const [, ...options] = smbclientArgs(r.smb, '', files.smbAuth!);
  const smbclient = `smbclient ${q(`//${r.smb.remoteName}/`)}"$share" ${options.map(q).join(' ')} -c "$*" 1>&2`;
  return `usage() { echo "usage: $0 get [-k KMS_KEY_ID] SHARE:PATH FILE | put [-m|--mkdir] FILE SHARE:PATH" >&2; exit 2; }
smb() {
  share=$1; shift
  case "$share$*" in *';'*) echo "$0: SMB paths may not contain ;" >&2; exit 2 ;; esac
  ${smbclient}
}
cmd=\${1:-}; [ $# -gt 0 ] && shift
case "$cmd" in
  get)
    case "\${1:-}" in -k|--kms-key-id) shift 2 ;; esac
    [ $# -eq 2 ] || usage
    case "$2" in s3://*) echo "$0: s3:// targets need an smb_get job" >&2; exit 2 ;; esac
    smb "\${1%%:*}" "get \\"\${1#*:}\\" \\"$2\\"" ;;
  put)
    mkdirs=0; case "\${1:-}" in -m|--mkdir) mkdirs=1; shift ;; esac
    [ $# -eq 2 ] || usage
    case "$1" in s3://*) echo "$0: s3:// sources need an smb_put job" >&2; exit 2 ;; esac
    share=\${2%%:*}; path=\${2#*:}; path=\${path#/}
    rest=\${path%/*}; [ "$rest" = "$path" ] && rest=
    d=
    while [ $mkdirs = 1 ] && [ -n "$rest" ]; do
      c=\${rest%%/*}; d=\${d:+$d/}$c
      if [ "$c" = "$rest" ]; then rest=; else rest=\${rest#*/}; fi
      smb "$share" "mkdir \\"$d\\"" >/dev/null 2>&1 || true
    done
    smb "$share" "put \\"$1\\" \\"$path\\"" ;;
  *) usage ;;
esac
`;
}

/** A single-quoted shell word. */
function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
