import { type HandlerContext, type RunJob } from '@lava/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildJobContext, createRenderer } from '@lava/templating';

/** A resolved SQLite connection as the secrets broker would release it (no secrets involved). */
export function sqliteConnection(file: string, connId = 'lite'): Record<string, unknown> {
  return {
    kind: 'database',
    connId,
    type: 'sqlite3',
    canonicalType: 'sqlite3',
    dialect: 'sqlite3',
    spec: { conn_id: connId, type: 'sqlite3', enabled: true, host: file },
    db: { host: file, port: 0, user: '', password: '', ssl: 'disable', preserveCase: false, iamToken: false },
    secretValues: [],
  };
}

/** A temporary SQLite database file; `cleanup()` removes it. */
export function tempSqlite(): { file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lava-sqljob-'));
  return { file: join(dir, 'test.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes SQL payload files into a fresh directory and returns `{ key -> local path }` for the fixture. */
export function payloadFiles(files: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'lava-sqlpayload-'));
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(files)) {
    const local = join(dir, key.split('/').pop()!);
    writeFileSync(local, text);
    out[key] = local;
  }
  return out;
}

/** Swap the fixture's placeholder renderer for the real Jinja engine (loops, filters, `vars`). */
export function useJinja(ctx: HandlerContext): void {
  const renderer = createRenderer();
  const context = (job: RunJob, extra: Record<string, unknown> = {}) => {
    const { vars, ...extras } = extra;
    return buildJobContext({ job, realm: ctx.realmRecord, start: job.ts_start, vars, extras });
  };
  ctx.renderer = {
    render: async (template, field, extra) => renderer.render(template, context(ctx.job, extra), { field }),
    renderJson: async (value, field, extra) =>
      renderer.renderJsonRoundTrip(value, context(ctx.job, extra), { field }),
  };
}

/** Unique lower-case table name per test. */
export function uniqueTable(prefix = 'lv_job'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}
