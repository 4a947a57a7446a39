import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Docker } from '@lava/docker-client';
import { JobFailedError } from '@lava/core';
import { CONNECTION_DIR } from '@lava/connectors';
import { pollUntil } from '@lava/errors';
import { makeContext, makeJob, readOutput } from '../testing/handler-context.fixture';
import { containersLabelled, inspecting, jobImage, requireDocker } from '../testing/docker.fixture';
import { CONTAINER_LABELS } from '../docker/container-reaper';
import { DockerHandler } from './docker.handler';

jest.setTimeout(120_000);

describe('docker job type against the local Docker engine', () => {
  let docker: Docker;
  let image: string;
  const handler = new DockerHandler();

  beforeAll(async () => {
    docker = await requireDocker();
    image = await jobImage(docker);
  });

  const dockerJob = (parameters: Record<string, unknown>, payload?: string) =>
    makeJob({
      type: 'docker',
      job_id: 'demo/docker',
      run_id: randomUUID(),
      payload: payload ?? image,
      parameters: { pull: 'never', ...parameters },
    });
  const failureOf = async (p: Promise<unknown>): Promise<JobFailedError> => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(JobFailedError);
    return err as JobFailedError;
  };
  const leftOver = (runId: string) => containersLabelled(docker, CONTAINER_LABELS.runId, runId);

  it('runs the image default command in the run directory; stdout and stderr become outputs; the container is removed', async () => {
    const job = dockerJob({});
    const f = makeContext(job);
    const result = await handler.run(f.ctx);
    expect(readOutput(f, 'stdout')).toBe(`hello from demo/docker in ${f.ctx.runDir}\n`);
    expect(readOutput(f, 'stderr')).toBe('to stderr\n');
    expect(result).toEqual({
      exit_status: 0,
      output: [
        {
          payload: image,
          exit_status: 0,
          stdout: `s3://bucket/tmp/demo/docker/${job.run_id}/stdout`,
          stderr: `s3://bucket/tmp/demo/docker/${job.run_id}/stderr`,
        },
      ],
    });
    expect(await leftOver(job.run_id)).toEqual([]);
  });

  it('renders command, args and env; the run directory is shared with the worker', async () => {
    const job = dockerJob({
      command: 'sh -c "echo {{ vars.word }} $GREETING $LAVA_RUN_ID > out.txt; cat out.txt"',
      vars: { word: 'rendered' },
      env: { GREETING: 'hi-{{ vars.word }}' },
    });
    const f = makeContext(job);
    await handler.run(f.ctx);
    expect(readOutput(f, 'stdout')).toBe(`rendered hi-rendered ${job.run_id}\n`);
  });

  it('a non-zero exit fails the run with the status and a stderr excerpt', async () => {
    const job = dockerJob({ command: '/usr/local/bin/job.sh fail 7' });
    const err = await failureOf(handler.run(makeContext(job).ctx));
    expect(err.code).toBe('JOB_EXIT_STATUS');
    expect(err.message).toBe('Failed with exit status 7');
    expect(err.data).toMatchObject({ exit_status: 7, error: 'about to fail' });
    expect(await leftOver(job.run_id)).toEqual([]);
  });

  it('a timeout kills and removes the container', async () => {
    const job = dockerJob({ command: '/usr/local/bin/job.sh sleep 120', timeout: '2s' });
    const started = Date.now();
    const err = await failureOf(handler.run(makeContext(job).ctx));
    expect(err.code).toBe('JOB_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await leftOver(job.run_id)).toEqual([]);
  });

  it('worker shutdown (the run signal) stops and removes the container', async () => {
    const job = dockerJob({ command: '/usr/local/bin/job.sh sleep 120' });
    const f = makeContext(job);
    const abort = new AbortController();
    const run = handler.run({ ...f.ctx, signal: abort.signal });
    await pollUntil(async () => ((await leftOver(job.run_id)).length === 1 ? true : undefined), {
      what: 'the container',
      timeoutMs: 30_000,
    });
    abort.abort();
    const err = await failureOf(run);
    expect(err.message).toBe('Stopped by worker shutdown');
    expect(await leftOver(job.run_id)).toEqual([]);
  });

  it('applies memory and CPU limits and the network mode from host_config', async () => {
    const job = dockerJob({
      command: 'ls /sys/class/net',
      host_config: { mem_limit: '64m', nano_cpus: 500_000_000, network_mode: 'none' },
    });
    const f = makeContext(job);
    const seen = inspecting(docker);
    await new DockerHandler({ engines: seen }).run(f.ctx);
    expect(readOutput(f, 'stdout')).toBe('lo\n');
    expect(seen.inspected[0]?.HostConfig).toMatchObject({
      Memory: 64 * 1024 * 1024,
      NanoCpus: 500_000_000,
      NetworkMode: 'none',
    });
  });

  it('connection files are readable in the container and mounted read-only', async () => {
    const job = dockerJob({
      command:
        'sh -c "cat \\"$LAVA_CONN_DB_PASSWORD_FILE\\"; echo x >> \\"$LAVA_CONN_DB_PASSWORD_FILE\\" || echo refused"',
    });
    const f = makeContext(job);
    const dir = join(f.ctx.runDir, CONNECTION_DIR, 'lava-conn-x');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'password'), 's3cret\n', { mode: 0o600 });
    await handler.run({ ...f.ctx, jobEnv: { LAVA_CONN_DB_PASSWORD_FILE: join(dir, 'password') } });
    expect(readOutput(f, 'stdout')).toBe('s3cret\nrefused\n');
  });

  it('pull: never with an image the engine lacks fails before any container', async () => {
    const job = dockerJob({}, `lava-test/absent:${randomUUID().slice(0, 8)}`);
    const err = await failureOf(handler.run(makeContext(job).ctx));
    expect(err.code).toBe('DOCKER_IMAGE_MISSING');
  });
});
