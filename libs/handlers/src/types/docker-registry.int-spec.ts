import { randomUUID } from 'node:crypto';
import type { Docker } from '@lava/docker-client';
import { JobFailedError } from '@lava/core';
import { DockerConnector } from '@lava/connectors';
import { InMemorySecrets } from '@lava/connectors/testing';
import { ensureRegistry, findSecret, type TestRegistry } from '@lava/testing';
import { makeContext, makeJob, readOutput } from '../testing/handler-context.fixture';
import { containersLabelled, jobImage, pushToRegistry, requireDocker } from '../testing/docker.fixture';
import { CONTAINER_LABELS } from '../docker/container-reaper';
import { DockerHandler } from './docker.handler';

jest.setTimeout(180_000);

/**
 * Pulls from a real registry: the project's own docker-registry instance with basic auth
 * (scripts/ensure-registry.sh), on a loopback port the engine reaches over plain HTTP.
 */
describe('docker job type pulling from a private registry (local docker-registry with basic auth)', () => {
  let docker: Docker;
  let registry: TestRegistry;
  const repository = `lava-test/pull-${randomUUID().slice(0, 8)}`;
  const handler = new DockerHandler();
  const connector = new DockerConnector();
  const WRONG = `wrong-${randomUUID()}`;

  beforeAll(async () => {
    docker = await requireDocker();
    registry = ensureRegistry();
    await pushToRegistry(
      docker,
      await jobImage(docker),
      { registry: registry.host, repository, tag: '1' },
      {
        username: registry.user,
        password: registry.password,
      },
    );
  });

  /** A `docker` connection as the broker releases it: the password comes from SSM. */
  const connection = (connId: string, password: string) =>
    connector.resolve(
      {
        conn_id: connId,
        type: 'docker',
        enabled: true,
        registry: `http://${registry.host}`,
        user: registry.user,
        password: `/lava/demo/${connId}`,
      },
      { secrets: new InMemorySecrets({ [`/lava/demo/${connId}`]: password }) },
    );
  const pullJob = (connId: string | undefined, payload: string) =>
    makeJob({
      type: 'docker',
      job_id: 'demo/pull',
      run_id: randomUUID(),
      payload,
      parameters: { pull: 'always', ...(connId ? { docker: connId } : {}) },
    });
  const failureOf = async (p: Promise<unknown>): Promise<JobFailedError> => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(JobFailedError);
    return err as JobFailedError;
  };

  it('pulls with the login of a docker connection (the payload named relative to its registry) and runs', async () => {
    const job = pullJob('reg/good', `${repository}:1`);
    const f = makeContext(job, {
      connections: { 'reg/good': await connection('reg/good', registry.password) },
    });
    const result = await handler.run(f.ctx);
    expect(result.output).toEqual([expect.objectContaining({ payload: `${registry.host}/${repository}:1` })]);
    expect(readOutput(f, 'stdout')).toBe(`hello from demo/pull in ${f.ctx.runDir}\n`);
    expect(await docker.getImage(`${registry.host}/${repository}:1`).inspect()).toBeDefined();
    await docker.getImage(`${registry.host}/${repository}:1`).remove();
  });

  it('a wrong password fails the run before any container: what, which registry, how to fix; never the password', async () => {
    const job = pullJob('reg/bad', `${registry.host}/${repository}:1`);
    const f = makeContext(job, { connections: { 'reg/bad': await connection('reg/bad', WRONG) } });
    const err = await failureOf(handler.run(f.ctx));
    expect(err.code).toBe('DOCKER_PULL_FAILED');
    expect(err.message).toMatch(
      new RegExp(
        `^Cannot pull docker image ${escape(registry.host)}/${repository}:1: registry ${escape(registry.host)} refused the login of user "lava" from docker connection reg/bad \\(.*unauthorized.*\\); check the connection's user and the password parameter it names`,
      ),
    );
    expect(f.outputs.size).toBe(0);
    expect(await containersLabelled(docker, CONTAINER_LABELS.runId, job.run_id)).toEqual([]);
    expect(
      await findSecret(WRONG, {
        logs: f.logLines,
        errors: [err.message, JSON.stringify(err.data), String(err.stack)],
      }),
    ).toEqual([]);
  });

  it('no login at all: says the registry needs one and how to give it', async () => {
    const job = pullJob(undefined, `${registry.host}/${repository}:1`);
    const err = await failureOf(handler.run(makeContext(job).ctx));
    expect(err.code).toBe('DOCKER_PULL_FAILED');
    expect(err.message).toContain(`registry ${registry.host} needs a login (`);
    expect(err.message).toContain('name a docker connection with this registry, a user and a password');
  });

  it('an unreachable registry: says so, with the registry', async () => {
    const job = pullJob('reg/good', `127.0.0.1:1/${repository}:1`);
    const f = makeContext(job, {
      connections: { 'reg/good': await connection('reg/good', registry.password) },
    });
    const err = await failureOf(handler.run(f.ctx));
    expect(err.message).toContain('registry 127.0.0.1:1 cannot be reached from the Docker engine');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
