import { existsSync } from 'node:fs';
import { DEFAULT_DOCKER_SOCKET } from '@lava/docker-client';
import { ContainerReaper, DockerodeEngineFactory } from '@lava/handlers';
import type { Logger } from '@lava/logging';

/**
 * The worker's side of docker-job cleanup on its own engine: at boot it removes the containers
 * of dead worker processes on this host (a worker killed before its watchdogs could act, or a
 * host restart), at stop the ones this process still holds. The watchdog per container covers a
 * worker that dies; this covers what the watchdog cannot (it died too, or never started).
 */
export class ContainerReaping {
  constructor(
    private readonly reaper: Pick<ContainerReaper, 'reapOrphans' | 'reapOwn'> | undefined,
    private readonly logger: Logger,
  ) {}

  /**
   * Reaping on the local engine's socket; none when the host has no socket (a worker fleet that
   * runs no docker jobs then says nothing about Docker at all).
   */
  static localEngine(logger: Logger, socket = DEFAULT_DOCKER_SOCKET): ContainerReaping {
    if (!existsSync(socket)) return new ContainerReaping(undefined, logger);
    return new ContainerReaping(new ContainerReaper(new DockerodeEngineFactory(socket).engine()), logger);
  }

  /** At boot, before the first run: orphans of dead workers on this host. */
  atBoot(): Promise<void> {
    return this.reap('orphans of a dead worker', () => this.reaper!.reapOrphans());
  }

  /** At stop, after in-flight runs drained: containers this process still holds. */
  atStop(): Promise<void> {
    return this.reap('left by this worker', () => this.reaper!.reapOwn());
  }

  private async reap(which: string, remove: () => Promise<string[]>): Promise<void> {
    if (!this.reaper) return;
    try {
      const removed = await remove();
      if (removed.length)
        this.logger.warn(`removed docker job containers ${which}`, {
          containers: removed.map((id) => id.slice(0, 12)),
        });
    } catch (err) {
      // A worker whose engine does not answer still runs its other job types; docker jobs will
      // fail on their own with the engine's error.
      this.logger.warn('docker job containers not reaped: the Docker engine did not answer', {
        error: (err as Error).message,
      });
    }
  }
}
