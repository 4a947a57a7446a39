import Docker from 'dockerode';
import { LavaError } from '@lava/errors';

/** The local engine's socket: the engine of a process that names no other. */
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/** No Docker engine answers where the client looks. */
export class DockerUnavailableError extends LavaError {
  override readonly name = 'DockerUnavailableError';
  constructor(where: string, detail: string, options?: { cause?: unknown }) {
    super(
      'DOCKER_UNAVAILABLE',
      `no Docker engine answers at ${where} (${detail}); start it with scripts/ensure-docker.sh`,
      { ...options, retryable: true },
    );
  }
}

/** Where an engine is and how a client talks to it. Every field is optional. */
export interface DockerClientOptions {
  /** `unix:///path`, `/path`, `tcp://host:port` or `http(s)://host:port`; default the local socket. */
  server?: string;
  /** `tcp://` means https (certificates from dockerode's usual places). Default false. */
  tls?: boolean;
  /** Client timeout of each call, in seconds; none by default (pulls and waits last long). */
  timeoutSeconds?: number;
}

/**
 * Dockerode options for an engine address.
 *
 * @example dockerOptions('tcp://10.0.0.5:2375', false) // { protocol: 'http', host: '10.0.0.5', port: 2375 }
 */
export function dockerOptions(server: string | undefined, tls: boolean): Docker.DockerOptions {
  if (server === undefined || server === '') return { socketPath: DEFAULT_DOCKER_SOCKET };
  if (server.startsWith('unix://')) return { socketPath: server.slice('unix://'.length) };
  if (server.startsWith('/')) return { socketPath: server };
  const url = new URL(server.replace(/^tcp:/, tls ? 'https:' : 'http:'));
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return { protocol, host: url.hostname, port: Number(url.port || (protocol === 'https' ? 2376 : 2375)) };
}

/**
 * A Docker client, the one way Lava's code makes one (the docker job type, the worker's reaper,
 * the local endpoint's ECS tasks and the tests). Build it once per engine and share it.
 *
 * @example
 * const docker = createDockerClient();
 * await assertDockerAnswers(docker);
 */
export function createDockerClient(options: DockerClientOptions = {}): Docker {
  const timeout = options.timeoutSeconds ? options.timeoutSeconds * 1000 : undefined;
  return new Docker({ ...dockerOptions(options.server, options.tls ?? false), timeout });
}

/** Throws DockerUnavailableError, with the fix, when the engine does not answer a ping in time. */
export async function assertDockerAnswers(docker: Docker, timeoutMs = 5_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([docker.ping(), timeout]);
  } catch (error) {
    throw new DockerUnavailableError(whereOf(docker), (error as Error).message, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a failed remove/stop means the container is already in the state asked for. */
export function alreadyGone(error: unknown): boolean {
  const status = (error as { statusCode?: number } | null)?.statusCode;
  // 404: no such container; 409: removal already in progress; 304: already stopped.
  return status === 404 || status === 409 || status === 304;
}

/** Force-removes a container with its anonymous volumes; one already gone is fine. */
export async function removeContainer(docker: Docker, id: string): Promise<void> {
  await docker
    .getContainer(id)
    .remove({ force: true, v: true })
    .catch((error: unknown) => {
      if (!alreadyGone(error)) throw error;
    });
}

/** Containers (running or not) carrying every label given. */
export async function listLabelled(
  docker: Docker,
  labels: Record<string, string>,
): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({
    all: true,
    filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) },
  });
}

/** Force-removes every container carrying every label given; returns how many there were. */
export async function removeLabelledContainers(
  docker: Docker,
  labels: Record<string, string>,
): Promise<number> {
  const found = await listLabelled(docker, labels);
  await Promise.all(found.map((c) => removeContainer(docker, c.Id)));
  return found.length;
}

function whereOf(docker: Docker): string {
  const modem = docker.modem as { socketPath?: string; host?: string; port?: number | string };
  return modem.socketPath ?? `${modem.host}:${modem.port}`;
}
