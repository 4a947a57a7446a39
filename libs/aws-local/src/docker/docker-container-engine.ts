import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { ContainerEngine, ContainerSpec, OutputLine, RunningContainer } from '../ecs/container-engine';
import {
  alreadyGone,
  assertDockerAnswers,
  createDockerClient,
  removeContainer,
  removeLabelledContainers,
  type Docker,
} from '@lava/docker-client';

/** Every container the endpoint starts carries this label, valued with the endpoint instance's id. */
export const INSTANCE_LABEL = 'lava.aws-local.instance';
const PULL_TIMEOUT_MS = 120_000;
/** After a container exits, how long its attached output may take to drain. */
const DRAIN_MS = 5_000;

/** Runs ECS task containers on a Docker engine; removes them all on `removeAll` (endpoint shutdown). */
export class DockerContainerEngine implements ContainerEngine {
  private readonly instance = randomUUID();

  constructor(private readonly docker: Docker = createDockerClient()) {}

  assertAvailable(): Promise<void> {
    return assertDockerAnswers(this.docker);
  }

  async ensureImage(image: string): Promise<void> {
    try {
      await this.docker.getImage(image).inspect();
      return;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
    await withTimeout(this.pull(image), PULL_TIMEOUT_MS, `pull of ${image}`);
  }

  private async pull(image: string): Promise<void> {
    const progress = (await this.docker.pull(image)) as NodeJS.ReadableStream;
    await new Promise<void>((resolve, reject) =>
      this.docker.modem.followProgress(progress, (error: Error | null) =>
        error ? reject(error) : resolve(),
      ),
    );
  }

  async start(spec: ContainerSpec, onLine: (line: OutputLine) => void): Promise<RunningContainer> {
    const container = await this.docker.createContainer({
      Image: spec.image,
      Entrypoint: spec.entryPoint,
      Cmd: spec.command,
      Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
      WorkingDir: spec.workingDirectory,
      User: spec.user,
      Labels: { ...spec.labels, [INSTANCE_LABEL]: this.instance },
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      HostConfig: {
        Memory: spec.memoryMiB ? spec.memoryMiB * 1024 * 1024 : undefined,
        NanoCpus: spec.cpuUnits ? Math.round((spec.cpuUnits / 1024) * 1e9) : undefined,
      },
    });
    // Attached before start, as `docker run` does, so not a line of output is missed.
    const attached = await container.attach({ stream: true, stdout: true, stderr: true });
    const sinks = { stdout: new LineSink('stdout', onLine), stderr: new LineSink('stderr', onLine) };
    this.docker.modem.demuxStream(attached, sinks.stdout, sinks.stderr);
    const drained = new Promise<void>((resolve) => {
      attached.once('end', resolve);
      attached.once('close', resolve);
    });
    try {
      await container.start();
    } catch (error) {
      await this.remove(container.id);
      throw error;
    }
    const exited = container.wait().then(async (result: { StatusCode: number }) => {
      await withTimeout(drained, DRAIN_MS, 'output drain').catch(() => undefined);
      sinks.stdout.flush();
      sinks.stderr.flush();
      return result.StatusCode;
    });
    return { id: container.id, exited };
  }

  async stop(id: string, graceSeconds: number): Promise<void> {
    await this.docker
      .getContainer(id)
      .stop({ t: graceSeconds })
      .catch((error: unknown) => {
        // Already stopped or removed: the state we asked for.
        if (!alreadyGone(error)) throw error;
      });
  }

  async remove(id: string): Promise<void> {
    await removeContainer(this.docker, id);
  }

  async removeAll(): Promise<void> {
    await removeLabelledContainers(this.docker, { [INSTANCE_LABEL]: this.instance });
  }
}

/** Splits one output stream into lines (the awslogs driver sends one event per line). */
class LineSink extends Writable {
  private partial = '';

  constructor(
    private readonly stream: OutputLine['stream'],
    private readonly onLine: (line: OutputLine) => void,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    const lines = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    for (const text of lines) this.onLine({ stream: this.stream, text, timestamp: Date.now() });
    done();
  }

  flush(): void {
    if (this.partial) this.onLine({ stream: this.stream, text: this.partial, timestamp: Date.now() });
    this.partial = '';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
