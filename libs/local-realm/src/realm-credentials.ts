import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The key pair a local realm's services (and its operator) sign AWS requests with. */
export interface RealmCredentials {
  /** AWS shared-credentials file holding them (0600); `AWS_SHARED_CREDENTIALS_FILE` for the CLI. */
  file: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Removes the file's temporary directory (realms without a data dir). */
  cleanup(): void;
}

/**
 * The local realm's own credentials: `<dir>/credentials`, created (random, 0600) when absent. The
 * local endpoint serves SSM and Secrets Manager only to requests signed with them, and only the
 * realm's services get them: a job never does (its environment is scrubbed and it cannot read the
 * worker's), so on a local realm too a job cannot read secrets or the grant keyring directly.
 */
export function realmCredentials(dataDir: string | undefined): RealmCredentials {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'lava-realm-'));
  const file = join(dir, 'credentials');
  if (!existsSync(file)) {
    const id = `LAVA${randomBytes(8).toString('hex').toUpperCase()}`;
    const secret = randomBytes(30).toString('base64url');
    writeFileSync(file, `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
  }
  const text = readFileSync(file, 'utf8');
  const value = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*(\\S+)`, 'm').exec(text)?.[1] ?? '';
  const cleanup = () => (dataDir ? undefined : rmSync(dir, { recursive: true, force: true }));
  return {
    file,
    accessKeyId: value('aws_access_key_id'),
    secretAccessKey: value('aws_secret_access_key'),
    cleanup,
  };
}
