import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';

/** Where in a run directory the worker writes connection files for the run's programs. */
export const CONNECTION_DIR = '.lava-conn';

/**
 * A private directory (0700) for credential files (0600). It must live outside the run directory
 * (whose contents may be uploaded or read by later jobs) and is removed by `remove()`.
 */
export class PrivateDir {
  private constructor(readonly path: string) {}

  static async create(root: string, prefix = 'lava-conn-'): Promise<PrivateDir> {
    const path = await mkdtemp(join(root, prefix));
    await chmod(path, 0o700);
    return new PrivateDir(path);
  }

  /** Write a 0600 file that must not exist yet; returns its path. */
  async file(name: string, content: string): Promise<string> {
    const p = join(this.path, name);
    await writeFile(p, content, { mode: 0o600, flag: 'wx' });
    return p;
  }

  /** Write a 0700 executable (a helper script) that must not exist yet; returns its path. */
  async script(name: string, content: string): Promise<string> {
    const p = join(this.path, name);
    await writeFile(p, content, { mode: 0o700, flag: 'wx' });
    return p;
  }

  async remove(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }
}

/** `.pgpass` line matching any host/port/database/user; `:` and `\` escaped as libpq requires. */
export function pgpassLine(password: string): string {
  return `*:*:*:*:${password.replace(/[\\:]/g, (c) => `\\${c}`)}\n`;
}

/** MySQL option-file `[client]` section; values double-quoted with `\` and `"` escaped. */
export function mysqlOptionFile(user: string, password: string): string {
  const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  return `[client]\nuser=${q(user)}\npassword=${q(password)}\n`;
}
