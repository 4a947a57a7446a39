import { spawn } from 'node:child_process';
import type { PlainEndpoint } from './container-engine';

/** Held while a container runs; `release()` once the run has removed it. */
export interface ContainerWatch {
  release(): void;
}

/** Starts a watch on one container (a seam: unit tests pass a recorder). */
export type ContainerWatcher = (endpoint: PlainEndpoint | undefined, containerId: string) => ContainerWatch;

/*
 * The watchdog: a tiny detached Node process holding the read end of a pipe from the worker. When
 * the pipe closes — the run released it, or the worker died, even by SIGKILL — it force-removes the
 * container through the engine API and exits. Self-contained (no module resolution, no TypeScript)
 * because it must start fast and outlive the worker's process group.
 */
const WATCHDOG = `
const http = require('http');
const o = JSON.parse(process.argv[1]);
let done = false;
const remove = () => {
  if (done) return;
  done = true;
  setTimeout(() => process.exit(1), 30000).unref();
  const req = http.request({ ...o.endpoint, method: 'DELETE', path: '/containers/' + o.id + '?force=true&v=true' },
    (res) => { res.resume(); res.on('end', () => process.exit(0)); });
  req.on('error', () => process.exit(1));
  req.end();
};
process.stdin.on('end', remove);
process.stdin.on('close', remove);
process.stdin.on('error', remove);
process.stdin.resume();
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
`;

/**
 * Watches a container with a detached watchdog process, so a container never outlives its worker.
 * Engines reached over TLS or SSH get no watchdog (the boot-time reaper covers them).
 *
 * @example const watch = spawnWatchdog({ socketPath: '/var/run/docker.sock' }, id); ...; watch.release();
 */
export const spawnWatchdog: ContainerWatcher = (endpoint, containerId) => {
  if (endpoint === undefined) return { release: () => undefined };
  const child = spawn(process.execPath, ['-e', WATCHDOG, JSON.stringify({ endpoint, id: containerId })], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.on('error', () => undefined);
  child.unref();
  const stdin = child.stdin!;
  stdin.on('error', () => undefined);
  // The pipe must not keep the worker's event loop alive; it still closes when the worker dies.
  (stdin as unknown as { unref?: () => void }).unref?.();
  return { release: () => stdin.destroy() };
};
