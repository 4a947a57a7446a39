import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerEngineFactory } from '../docker/container-engine';
import { DEFAULT_DOCKER_SOCKET, createDockerClient, type Docker } from '@lava/docker-client';
import { DockerodeEngineFactory } from '../docker/dockerode.engine';

/** The base every test image is built from: in the engine's cache here (no registry is reachable). */
export const TEST_BASE_IMAGE = 'debian:bookworm-slim';

/** The local engine, or a loud failure: tests that need Docker never skip. */
export async function requireDocker(): Promise<Docker> {
  const docker = createDockerClient();
  try {
    await docker.ping();
  } catch (err) {
    throw new Error(
      `these tests need a Docker engine on ${DEFAULT_DOCKER_SOCKET} (start one with: bash scripts/ensure-docker.sh): ${(err as Error).message}`,
    );
  }
  try {
    await docker.getImage(TEST_BASE_IMAGE).inspect();
  } catch {
    throw new Error(`base image ${TEST_BASE_IMAGE} is missing (bash scripts/ensure-docker.sh --base)`);
  }
  return docker;
}

/**
 * Builds a tiny image once per content: tagged `lava-test/<name>:<hash of the build files>`, so
 * later runs (and other test files) reuse it instead of building again.
 */
export async function testImage(
  docker: Docker,
  name: string,
  files: Record<string, string>,
): Promise<string> {
  const hash = createHash('sha256')
    .update(JSON.stringify(Object.entries(files).sort()))
    .digest('hex');
  const tag = `lava-test/${name}:${hash.slice(0, 12)}`;
  try {
    await docker.getImage(tag).inspect();
    return tag;
  } catch {
    // not built yet
  }
  const dir = mkdtempSync(join(tmpdir(), 'lava-image-'));
  try {
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text, { mode: 0o755 });
    const stream = await docker.buildImage(
      { context: dir, src: Object.keys(files) },
      { t: tag, pull: false },
    );
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) => {
        const failed = err?.message ?? out.find((o) => o.error)?.error;
        if (failed) reject(new Error(`docker build ${tag}: ${failed}`));
        else resolve();
      }),
    );
    return tag;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The job image most docker tests run: a shell script doing what its first argument says. */
export function jobImage(docker: Docker): Promise<string> {
  return testImage(docker, 'docker-job', {
    Dockerfile: `FROM ${TEST_BASE_IMAGE}\nCOPY job.sh /usr/local/bin/job.sh\nCMD ["/usr/local/bin/job.sh", "hello"]\n`,
    'job.sh': [
      '#!/bin/sh',
      'case "$1" in',
      '  hello) echo "hello from $LAVA_JOB_ID in $(pwd)"; echo "to stderr" >&2 ;;',
      '  fail) echo "about to fail" >&2; exit "${2:-3}" ;;',
      '  sleep) echo started; exec sleep "${2:-60}" ;;',
      '  *) exec "$@" ;;',
      'esac',
      '',
    ].join('\n'),
  });
}

/** Containers (any state) carrying the label `key=value`. */
export async function containersLabelled(docker: Docker, key: string, value: string): Promise<string[]> {
  const found = await docker.listContainers({ all: true, filters: { label: [`${key}=${value}`] } });
  return found.map((c) => c.Id);
}

/** Real engines that record `docker inspect` of every container as it starts. */
export function inspecting(
  docker: Docker,
): ContainerEngineFactory & { inspected: Docker.ContainerInspectInfo[] } {
  const inner = new DockerodeEngineFactory();
  const inspected: Docker.ContainerInspectInfo[] = [];
  return {
    inspected,
    engine(settings) {
      const engine = inner.engine(settings);
      return Object.assign(Object.create(engine) as typeof engine, {
        start: async (id: string) => {
          inspected.push(await docker.getContainer(id).inspect());
          await engine.start(id);
        },
      });
    },
  };
}

/**
 * Pushes `source` (an image on the engine) to `registry` as `<registry>/<repository>:<tag>` with
 * the given login, then removes the local tag, so a later pull really comes from the registry.
 */
export async function pushToRegistry(
  docker: Docker,
  source: string,
  target: { registry: string; repository: string; tag: string },
  login: { username: string; password: string },
): Promise<string> {
  const repo = `${target.registry}/${target.repository}`;
  await docker.getImage(source).tag({ repo, tag: target.tag });
  const ref = `${repo}:${target.tag}`;
  const stream = await docker
    .getImage(ref)
    .push({ authconfig: { ...login, serveraddress: target.registry } });
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) => {
      const failed = err?.message ?? out.find((o) => o.error)?.error;
      if (failed) reject(new Error(`docker push ${ref}: ${failed}`));
      else resolve();
    }),
  );
  await docker.getImage(ref).remove();
  return ref;
}
