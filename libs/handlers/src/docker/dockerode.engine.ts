import {
  createDockerClient,
  dockerOptions,
  listLabelled,
  removeContainer,
  type Docker,
  type DockerClientOptions,
} from '@lava/docker-client';
import type { Writable } from 'node:stream';
import type {
  ContainerEngine,
  ContainerEngineFactory,
  ContainerSpec,
  ContainerSummary,
  PlainEndpoint,
  PullAuth,
} from './container-engine';
import { ContainerEngineError, ImagePullError, type PullFailure } from './docker.errors';

/** Engines through dockerode, one client per distinct setting (clients are cheap but keep agents). */
export class DockerodeEngineFactory implements ContainerEngineFactory {
  private readonly engines = new Map<string, DockerodeEngine>();

  constructor(private readonly defaultServer?: string) {}

  engine(settings?: { server?: string; tls: boolean; timeoutSeconds?: number }): ContainerEngine {
    const server = settings?.server ?? this.defaultServer;
    const key = JSON.stringify([server, settings?.tls ?? false, settings?.timeoutSeconds]);
    let engine = this.engines.get(key);
    if (!engine) {
      engine = new DockerodeEngine({ ...settings, server });
      this.engines.set(key, engine);
    }
    return engine;
  }
}

/** `ContainerEngine` over the Docker Engine API (dockerode). */
export class DockerodeEngine implements ContainerEngine {
  /** Short calls, bounded by the connection's `timeout`. */
  private readonly api: Docker;
  /** Calls that last as long as a pull or a run (no client timeout: the handler bounds them). */
  private readonly long: Docker;
  readonly plainEndpoint: PlainEndpoint | undefined;

  constructor(settings: DockerClientOptions = {}) {
    this.api = createDockerClient(settings);
    this.long = createDockerClient({ ...settings, timeoutSeconds: undefined });
    const options = dockerOptions(settings.server, settings.tls ?? false);
    this.plainEndpoint = options.socketPath
      ? { socketPath: options.socketPath }
      : options.protocol === 'http' && options.host
        ? { host: options.host, port: Number(options.port) }
        : undefined;
  }

  async hasImage(image: string): Promise<boolean> {
    try {
      await this.api.getImage(image).inspect();
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw engineError('image inspect', err);
    }
  }

  async pull(image: string, auth: PullAuth | undefined): Promise<void> {
    const authconfig = auth && {
      username: auth.username,
      password: auth.password,
      serveraddress: auth.server,
      email: auth.email,
    };
    try {
      const stream = (await this.long.pull(image, { authconfig })) as NodeJS.ReadableStream;
      await new Promise<void>((resolve, reject) =>
        this.long.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())),
      );
    } catch (err) {
      // The engine's message names the image and registry, never the password.
      const detail = messageOf(err);
      throw new ImagePullError(image, detail, pullFailure(statusOf(err), detail), { cause: err });
    }
  }

  async create(spec: ContainerSpec): Promise<string> {
    try {
      const container = await this.api.createContainer({
        name: spec.name,
        Image: spec.image,
        Cmd: spec.cmd,
        Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        Labels: spec.labels,
        WorkingDir: spec.workingDir,
        Hostname: spec.hostname,
        User: spec.user,
        NetworkDisabled: spec.networkDisabled,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
        HostConfig: spec.hostConfig as Docker.HostConfig,
      });
      return container.id;
    } catch (err) {
      throw engineError('container create', err);
    }
  }

  async attach(id: string, stdout: Writable, stderr: Writable): Promise<{ drained: Promise<void> }> {
    try {
      const stream = (await this.long
        .getContainer(id)
        .attach({ stream: true, stdout: true, stderr: true, hijack: true })) as NodeJS.ReadableStream;
      this.long.modem.demuxStream(stream, stdout, stderr);
      const drained = new Promise<void>((resolve) => {
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', () => resolve());
      });
      // Wrapped: an async function returning a bare promise would wait for it (until the exit).
      return { drained };
    } catch (err) {
      throw engineError('container attach', err);
    }
  }

  async start(id: string): Promise<void> {
    try {
      await this.api.getContainer(id).start();
    } catch (err) {
      throw engineError('container start', err);
    }
  }

  async wait(id: string): Promise<number> {
    try {
      const out = (await this.long.getContainer(id).wait()) as { StatusCode?: number };
      return out.StatusCode ?? 0;
    } catch (err) {
      throw engineError('container wait', err);
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await removeContainer(this.api, id);
    } catch (err) {
      throw engineError('container remove', err);
    }
  }

  async list(labels: Record<string, string>): Promise<ContainerSummary[]> {
    try {
      const found = await listLabelled(this.api, labels);
      return found.map((c) => ({ id: c.Id, labels: c.Labels ?? {}, state: c.State }));
    } catch (err) {
      throw engineError('container list', err);
    }
  }
}

function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number } | null)?.statusCode;
}

function messageOf(err: unknown): string {
  const json = (err as { json?: { message?: string } } | null)?.json;
  const message = json?.message ?? (err as Error | null)?.message ?? String(err);
  // dockerode prefixes "(HTTP code 500) server error - "; the engine's own words follow.
  return message.replace(/^\(HTTP code \d+\)\s*(?:[a-z ]+ - )?/, '').trim();
}

/**
 * Classifies a failed pull from the engine's answer: the engine reports a registry's 401 as a 500
 * whose text says `unauthorized` or `no basic auth credentials`, a missing manifest as a 404.
 */
export function pullFailure(status: number | undefined, detail: string): PullFailure {
  if (/unauthorized|no basic auth credentials|authentication required|denied/i.test(detail))
    return 'unauthorized';
  if (status === 404 || /manifest unknown|not found|repository does not exist/i.test(detail))
    return 'not-found';
  if (
    /connection refused|no such host|i\/o timeout|dial tcp|server gave HTTP response to HTTPS/i.test(detail)
  )
    return 'unreachable';
  return 'other';
}

function engineError(operation: string, err: unknown): ContainerEngineError {
  return new ContainerEngineError(operation, messageOf(err), { cause: err });
}
