import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SCRIPTS = join(__dirname, '..', '..', '..', 'scripts');

/**
 * Starts (or reuses) the project's own test server with `scripts/<script>` and returns the
 * settings it printed. Throws with the script's output when the server cannot start: tests that
 * need it fail loudly instead of skipping.
 */
function ensureServer(script: string): Record<string, string> {
  let out: string;
  try {
    out = execFileSync('bash', [join(SCRIPTS, script)], {
      encoding: 'utf8',
      timeout: 300_000,
      stdio: 'pipe',
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `scripts/${script} failed; the server these tests need is not running:\n${e.stderr ?? ''}${e.stdout ?? ''}${e.message}`,
    );
  }
  return Object.fromEntries(
    out
      .split('\n')
      .map((l) => /^([A-Z_]+)=(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}

/** The local Samba server (scripts/ensure-samba.sh): host, port, user, share and its directory. */
export interface TestSamba {
  host: string;
  port: number;
  user: string;
  password: string;
  share: string;
  shareDir: string;
}

export function ensureSamba(): TestSamba {
  const e = ensureServer('ensure-samba.sh');
  return {
    host: e.SMB_HOST!,
    port: Number(e.SMB_PORT),
    user: e.SMB_USER!,
    password: readFileSync(e.SMB_PASSWORD_FILE!, 'utf8').trim(),
    share: e.SMB_SHARE!,
    shareDir: e.SMB_SHARE_DIR!,
  };
}

/** The local OpenSSH server (scripts/ensure-sshd.sh). */
export interface TestSshd {
  host: string;
  port: number;
  user: string;
  password: string;
  privateKey: string;
  knownHosts: string;
  home: string;
  gitRepo: string;
}

export function ensureSshd(): TestSshd {
  const e = ensureServer('ensure-sshd.sh');
  return {
    host: e.SSH_HOST!,
    port: Number(e.SSH_PORT),
    user: e.SSH_USER!,
    password: readFileSync(e.SSH_PASSWORD_FILE!, 'utf8').trim(),
    privateKey: readFileSync(e.SSH_KEY_FILE!, 'utf8'),
    knownHosts: readFileSync(e.SSH_KNOWN_HOSTS_FILE!, 'utf8').trim(),
    home: e.SSH_HOME!,
    gitRepo: e.SSH_GIT_REPO!,
  };
}

/**
 * The local container registry (scripts/ensure-registry.sh): `host` is `127.0.0.1:<port>`, the
 * registry part of image names; `user`/`password` its login; `ecrPassword` the password of the
 * `AWS` user, which ECR tokens of the local endpoint carry.
 */
export interface TestRegistry {
  host: string;
  user: string;
  password: string;
  ecrPassword: string;
}

export function ensureRegistry(): TestRegistry {
  const e = ensureServer('ensure-registry.sh');
  return {
    host: e.REGISTRY_HOST!,
    user: e.REGISTRY_USER!,
    password: readFileSync(e.REGISTRY_PASSWORD_FILE!, 'utf8').trim(),
    ecrPassword: readFileSync(e.REGISTRY_ECR_PASSWORD_FILE!, 'utf8').trim(),
  };
}
