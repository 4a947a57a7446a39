import { createReadStream, createWriteStream, existsSync, mkdtempSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { CONNECTION_DIR, type RegistryLogin, type ResolvedDockerConnection } from '@lava/connectors';
import {
  DOCKER_PULL_POLICIES,
  JobFailedError,
  shellSplit,
  type HandlerContext,
  type HandlerResult,
  runConfig,
  inOrder,
} from '@lava/core';
import type { JobHandler } from '../handler';
import { BadParametersError } from '../errors';
import { identityEnv } from '../exec/exec-env';
import { stderrExcerpt, type OutputEntry } from '../exec/exec-step';
import {
  argsParameter,
  checkDeclaredParameters,
  envParameter,
  jinjaParameter,
  varsParameter,
} from '../exec/parameters';
import { originalWording } from '../exec/original-wording';
import { timeoutMs } from '../exec/timeout';
import { TIMEOUT_EXIT_STATUS } from '../process/run-process';
import type { ContainerEngine, ContainerEngineFactory, ContainerSpec } from '../docker/container-engine';
import { CONTAINER_LABELS, currentInstance, type WorkerInstance } from '../docker/container-reaper';
import { spawnWatchdog, type ContainerWatcher } from '../docker/container-watchdog';
import { containerSettings } from '../docker/docker-host-config';
import { DockerodeEngineFactory } from '../docker/dockerode.engine';
import { ImageMissingError } from '../docker/docker.errors';
import { parseImageRef } from '../docker/image-ref';
import { explainPullFailure } from '../docker/pull-failure';
import { releasedConnection } from '../released-connection';

type PullPolicy = (typeof DOCKER_PULL_POLICIES)[number];

/** What the docker job type needs from outside: the engine, the watchdog, who this worker is. */
export interface DockerHandlerDeps {
  engines: ContainerEngineFactory;
  watch: ContainerWatcher;
  instance: WorkerInstance;
}

/** How a container run ended. */
interface Ending {
  exitStatus: number;
  timedOut: boolean;
  aborted: boolean;
}

/**
 * `docker`: runs a container from the payload image on the worker's Docker engine (or the one a
 * `docker` connection names), after pulling it with that connection's registry login. The run
 * directory is mounted at the same path as the working directory; connection files (paths in
 * `LAVA_CONN_<LABEL>_*`) are mounted read-only. stdout and stderr go to the run's outputs. The
 * container is removed when the run ends, on timeout and on worker shutdown, and a watchdog
 * process removes it should the worker die.
 */
export class DockerHandler implements JobHandler {
  readonly type = 'docker';
  private readonly deps: DockerHandlerDeps;

  constructor(deps: Partial<DockerHandlerDeps> = {}) {
    this.deps = {
      engines: deps.engines ?? new DockerodeEngineFactory(),
      watch: deps.watch ?? spawnWatchdog,
      instance: deps.instance ?? currentInstance(),
    };
  }

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    checkDeclaredParameters(this.type, p);
    if (typeof ctx.job.payload !== 'string' || !ctx.job.payload.trim())
      throw new JobFailedError('BAD_PAYLOAD', 'docker payload must be an image name: repository[:tag]');
    const settings = containerSettings(p.host_config);
    const connection = await dockerConnection(ctx);
    const engine = this.deps.engines.engine(connection?.engine);
    const { image, registry } = parseImageRef(ctx.job.payload, connection?.registry?.server);
    const login = loginFor(registry, connection?.registry);
    await ensureImage(engine, image, pullPolicy(ctx), login).catch((err: unknown) => {
      throw explainPullFailure(err, image, registry, { login, connId: connection?.connId });
    });
    const spec = await this.containerSpec(ctx, image, settings);
    const entry = await this.runContainer(ctx, engine, spec);
    return { exit_status: 0, output: [entry] };
  }

  private async containerSpec(
    ctx: HandlerContext,
    image: string,
    settings: ReturnType<typeof containerSettings>,
  ): Promise<ContainerSpec> {
    const { job, runDir } = ctx;
    const binds = [`${runDir}:${runDir}:rw`];
    // Connection files: readable by the job, never writable, and only as paths in its env.
    const connDir = join(runDir, CONNECTION_DIR);
    if (existsSync(connDir)) binds.push(`${connDir}:${connDir}:ro`);
    return {
      name: `lava-${job.run_id}-${randomUUID().slice(0, 8)}`,
      image,
      cmd: await command(ctx),
      env: await containerEnv(ctx),
      labels: {
        [CONTAINER_LABELS.realm]: job.realm,
        [CONTAINER_LABELS.worker]: job.worker,
        [CONTAINER_LABELS.owner]: typeof job.owner === 'string' ? job.owner : '',
        [CONTAINER_LABELS.jobId]: job.job_id,
        [CONTAINER_LABELS.runId]: job.run_id,
        [CONTAINER_LABELS.host]: this.deps.instance.host,
        [CONTAINER_LABELS.pid]: String(this.deps.instance.pid),
      },
      workingDir: settings.workingDir ?? runDir,
      hostname: settings.hostname ?? `lava-${job.realm}-${job.worker}-${job.run_id}`.slice(0, 63),
      user: settings.user ?? workerUser(),
      networkDisabled: settings.networkDisabled,
      hostConfig: {
        ...settings.hostConfig,
        Binds: binds,
        Init: true,
      },
    };
  }

  private async runContainer(
    ctx: HandlerContext,
    engine: ContainerEngine,
    spec: ContainerSpec,
  ): Promise<OutputEntry> {
    const captureDir = mkdtempSync(join(ctx.runDir, '.docker-out.'));
    const files = { stdout: join(captureDir, 'stdout'), stderr: join(captureDir, 'stderr') };
    const limitMs = timeoutMs(ctx, 'DOCKER_TIMEOUT');
    const id = await engine.create(spec);
    const watch = this.deps.watch(engine.plainEndpoint, id);
    let ending: Ending;
    try {
      const sinks = { stdout: createWriteStream(files.stdout), stderr: createWriteStream(files.stderr) };
      const { drained } = await engine.attach(id, sinks.stdout, sinks.stderr);
      await engine.start(id);
      ctx.logger.info('container started', { container: id.slice(0, 12), image: spec.image });
      ending = await waitForEnd(ctx, engine, id, limitMs);
      await drained;
      await Promise.all([close(sinks.stdout), close(sinks.stderr)]);
    } finally {
      await engine.remove(id);
      watch.release();
    }
    ctx.logger.info('container removed', { container: id.slice(0, 12), exit_status: ending.exitStatus });
    return finish(ctx, spec.image, files, ending, limitMs);
  }
}

/** Waits for the container, killing it (by removal) on timeout or worker shutdown. */
async function waitForEnd(
  ctx: HandlerContext,
  engine: ContainerEngine,
  id: string,
  limitMs: number,
): Promise<Ending> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<'timeout' | 'abort'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), limitMs);
    onAbort = () => resolve('abort');
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const outcome = await Promise.race([engine.wait(id), stop]);
    if (typeof outcome === 'number') return { exitStatus: outcome, timedOut: false, aborted: false };
    await engine.remove(id);
    return { exitStatus: TIMEOUT_EXIT_STATUS, timedOut: outcome === 'timeout', aborted: outcome === 'abort' };
  } finally {
    clearTimeout(timer);
    if (onAbort) ctx.signal.removeEventListener('abort', onAbort);
  }
}

/** Uploads non-empty stdout/stderr and fails the run unless the container exited 0. */
async function finish(
  ctx: HandlerContext,
  image: string,
  files: { stdout: string; stderr: string },
  ending: Ending,
  limitMs: number,
): Promise<OutputEntry> {
  const entry: OutputEntry = { payload: image, exit_status: ending.exitStatus };
  for (const stream of ['stdout', 'stderr'] as const) {
    if (statSync(files[stream]).size > 0)
      entry[stream] = await ctx.outputs.put(stream, createReadStream(files[stream]));
  }
  if (ending.exitStatus === 0 && !ending.timedOut && !ending.aborted) return entry;
  const message = ending.timedOut
    ? `Timed out after ${(limitMs / 1000).toFixed(1)} seconds`
    : ending.aborted
      ? 'Stopped by worker shutdown'
      : `Failed with exit status ${ending.exitStatus}`;
  throw new JobFailedError(ending.timedOut ? 'JOB_TIMEOUT' : 'JOB_EXIT_STATUS', message, {
    exit_status: ending.exitStatus,
    error: stderrExcerpt(files.stderr, Number(runConfig(ctx, 'STDERR_SIZE'))),
    output: [entry],
  });
}

/** `command` split like a shell plus `args`, rendered; undefined runs the image's own command. */
async function command(ctx: HandlerContext): Promise<string[] | undefined> {
  const p = ctx.job.parameters;
  if (p.command === undefined || p.command === null) return undefined;
  if (typeof p.command !== 'string' || !p.command.trim())
    throw new BadParametersError('docker', 'command must be a non-empty string');
  const raw = [...shellSplit(p.command, { comments: false }), ...argsParameter('docker', p.args)];
  if (!jinjaParameter(p.jinja)) return raw;
  const vars = varsParameter('docker', p.vars);
  return originalWording('Bad command or args', () =>
    inOrder(raw, (a, i) => ctx.renderer.render(a, `command[${i}]`, { vars })),
  );
}

/**
 * The container's environment: connection variables (paths only), the job's `env` (rendered),
 * then the run's identity and `LAVA_TMP`. Unlike exe/pkg, nothing of the worker's own environment
 * (PATH, HOME) is passed: the image has its own.
 */
async function containerEnv(ctx: HandlerContext): Promise<Record<string, string>> {
  const p = ctx.job.parameters;
  const jinja = jinjaParameter(p.jinja);
  const vars = varsParameter('docker', p.vars);
  const env: Record<string, string> = { ...ctx.jobEnv };
  for (const [k, v] of Object.entries(envParameter('docker', p.env)))
    env[k] = jinja ? await ctx.renderer.render(v, `parameters.env.${k}`, { vars }) : v;
  return { ...env, ...identityEnv(ctx), LAVA_TMP: ctx.runDir };
}

/** The job's `docker` connection (or the realm's), resolved by the broker; undefined: none named. */
async function dockerConnection(ctx: HandlerContext): Promise<ResolvedDockerConnection | undefined> {
  const connId = ctx.job.parameters.docker ?? ctx.realmRecord.docker;
  if (connId === undefined || connId === null || connId === '') return undefined;
  if (typeof connId !== 'string') throw new BadParametersError('docker', 'docker must be a conn_id');
  const resolved = await releasedConnection(ctx, connId);
  if (resolved.kind !== 'docker')
    throw new BadParametersError(
      'docker',
      `Connection ${connId}: must be of type "docker" not ${resolved.type}`,
    );
  return resolved;
}

function pullPolicy(ctx: HandlerContext): PullPolicy {
  const raw = ctx.job.parameters.pull ?? runConfig(ctx, 'DOCKER_PULL');
  if (!(DOCKER_PULL_POLICIES as readonly unknown[]).includes(raw))
    throw new BadParametersError('docker', `pull must be one of ${DOCKER_PULL_POLICIES.join(', ')}`);
  return raw as PullPolicy;
}

const DOCKER_HUB = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

/**
 * The connection's login when it is for the image's registry; none otherwise, so a job naming an
 * image elsewhere never sends the connection's password to that other registry.
 */
function loginFor(registry: string | undefined, login: RegistryLogin | undefined): RegistryLogin | undefined {
  if (login === undefined) return undefined;
  if (registry === undefined) return DOCKER_HUB.includes(login.server) ? login : undefined;
  return login.server === registry ? login : undefined;
}

async function ensureImage(
  engine: ContainerEngine,
  image: string,
  policy: PullPolicy,
  login: RegistryLogin | undefined,
): Promise<void> {
  if (policy === 'always') return engine.pull(image, login);
  if (await engine.hasImage(image)) return;
  if (policy === 'never') throw new ImageMissingError(image);
  await engine.pull(image, login);
}

/** The worker's effective uid:gid, as the original ran containers (override with host_config.user). */
function workerUser(): string | undefined {
  return process.geteuid && process.getegid ? `${process.geteuid()}:${process.getegid()}` : undefined;
}

async function close(stream: Writable): Promise<void> {
  stream.end();
  if (!stream.writableFinished) await once(stream, 'finish');
}
