import Docker from 'dockerode';
import { AwsLocalError } from '../errors';

/** No Docker engine answers where the client looks (DOCKER_HOST, else /var/run/docker.sock). */
export class DockerUnavailableError extends AwsLocalError {
  override readonly name = 'DockerUnavailableError';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      'DOCKER_UNAVAILABLE',
      `no Docker engine answers (${detail}); start it with scripts/ensure-docker.sh or set DOCKER_HOST`,
      options,
    );
  }
}

/**
 * The Docker client of a process, built once and shared: it finds the engine as the docker CLI
 * does (DOCKER_HOST, else the local socket).
 *
 * @example
 * const docker = createDockerClient();
 * await assertDockerAnswers(docker);
 */
export function createDockerClient(): Docker {
  return new Docker();
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
    throw new DockerUnavailableError((error as Error).message, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** Force-removes every container (running or not) labelled `label=value`; returns how many. */
export async function removeLabelledContainers(
  docker: Docker,
  label: string,
  value: string,
): Promise<number> {
  const found = await docker.listContainers({ all: true, filters: { label: [`${label}=${value}`] } });
  await Promise.all(
    found.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch((error: { statusCode?: number }) => {
          // Already gone (removed by a concurrent stop) is what we wanted.
          if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
        }),
    ),
  );
  return found.length;
}
