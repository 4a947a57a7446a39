import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, LOCK_FILE, lockDataDir } from './data-dir-lock';

describe('lockDataDir', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'lava-lock-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('writes our pid, refuses a second taker while we live, and removes the file on release', () => {
    const d = dir();
    const release = lockDataDir(d);
    expect(JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    expect(() => lockDataDir(d)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(d)).toThrow(
      `data dir ${d} is in use by another local realm (npm start, pid ${process.pid})`,
    );
    release();
    expect(existsSync(join(d, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock whose process is gone (a SIGKILLed npm start)', () => {
    const d = dir();
    const gone = spawnSync('true').pid; // exited and reaped: its pid is free
    writeFileSync(join(d, LOCK_FILE), JSON.stringify({ pid: gone }));
    const release = lockDataDir(d);
    expect(JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('treats a live pid with another start time as reused, hence stale', () => {
    const d = dir();
    writeFileSync(join(d, LOCK_FILE), JSON.stringify({ pid: process.ppid, start: '1' }));
    const release = lockDataDir(d);
    release();
  });
});
