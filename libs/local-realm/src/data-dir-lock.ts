import { closeSync, existsSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LavaError } from '@lava/core';

/** Name of the lock file a running local realm keeps in its data directory. */
export const LOCK_FILE = 'lava.lock';

/** Raised when another live process holds the data directory. */
export class DataDirInUseError extends LavaError {
  override readonly name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      'LOCAL_REALM_DATA_DIR_IN_USE',
      `data dir ${dataDir} is in use by another local realm (npm start, pid ${pid}); stop that one first ` +
        `(Ctrl-C in its terminal, or kill ${pid}), or start this one with --data-dir <another dir> --port <another port>`,
    );
  }
}

interface LockRecord {
  pid: number;
  /** Process start time (clock ticks since boot, /proc/<pid>/stat field 22): tells pid reuse apart. */
  start?: string;
}

/**
 * Takes the data directory for this process: creates `<dir>/lava.lock` holding our pid
 * exclusively. A lock left by a process that is gone (a SIGKILLed `npm start`) is taken over;
 * one held by a live process raises DataDirInUseError before anything binds a port. Returns
 * the release function (also run at process exit).
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  const mine: LockRecord = { pid: process.pid, start: startTime(process.pid) };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(mine) + '\n');
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener('exit', release);
        if (holder(file)?.pid === process.pid) unlinkSync(file);
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const held = holder(file);
    if (held && isAlive(held)) throw new DataDirInUseError(dataDir, held.pid);
    // Stale: its process is gone. Remove it and try again (another starter may race us to it).
    try {
      unlinkSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new Error(`could not take the lock ${file}: it keeps being re-created by another process`);
}

function holder(file: string): LockRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as LockRecord;
    return Number.isInteger(record.pid) && record.pid > 0 ? record : undefined;
  } catch {
    return undefined; // unreadable or half-written: treated as stale
  }
}

function isAlive(record: LockRecord): boolean {
  try {
    process.kill(record.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // Same pid, other process (pid reuse after a reboot or wrap-around)?
  const now = startTime(record.pid);
  return record.start === undefined || now === undefined || now === record.start;
}

function startTime(pid: number): string | undefined {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return undefined;
  try {
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const text = readFileSync(stat, 'utf8');
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return rest[19];
  } catch {
    return undefined;
  }
}
