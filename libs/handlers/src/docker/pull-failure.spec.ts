import { randomUUID } from 'node:crypto';
import { JobFailedError } from '@lava/core';
import { makeContext, makeJob } from '../testing/handler-context.fixture';
import { DockerHandler } from '../types/docker.handler';
import type { ContainerEngine, PullAuth } from './container-engine';
import { ImagePullError } from './docker.errors';
import { pullFailure } from './dockerode.engine';
import { explainPullFailure } from './pull-failure';

describe('pullFailure (the engine answer classified)', () => {
  it.each([
    [500, 'unauthorized: authentication required', 'unauthorized'],
    [500, 'Head "http://127.0.0.1:5000/v2/a/manifests/1": no basic auth credentials', 'unauthorized'],
    [500, 'denied: Your authorization token has expired. Reauthenticate and try again.', 'unauthorized'],
    [404, 'manifest for 127.0.0.1:5000/a:1 not found: manifest unknown: manifest unknown', 'not-found'],
    [500, 'Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused', 'unreachable'],
    [500, 'something else', 'other'],
  ])('%s %s', (status, detail, expected) => {
    expect(pullFailure(status, detail)).toBe(expected);
  });
});

describe('explainPullFailure', () => {
  const login = { server: 'r:5000', username: 'ci', password: 'pa55word-xyz' };
  const failed = (detail: string, failure: ImagePullError['failure']) =>
    explainPullFailure(new ImagePullError('r:5000/a:1', detail, failure), 'r:5000/a:1', 'r:5000', {
      login,
      connId: 'reg/ci',
    }) as ImagePullError;

  it('a refused login names the registry, the user and the connection, and says what to check', () => {
    const err = failed('unauthorized: authentication required', 'unauthorized');
    expect(err.message).toBe(
      'Cannot pull docker image r:5000/a:1: registry r:5000 refused the login of user "ci" from docker connection reg/ci (unauthorized: authentication required); check the connection\'s user and the password parameter it names (for registry: ecr, the broker\'s ECR access)',
    );
    expect(err.code).toBe('DOCKER_PULL_FAILED');
  });

  it('masks the password should an engine ever echo it', () => {
    expect(failed('bad login pa55word-xyz', 'other').message).toBe(
      'Cannot pull docker image r:5000/a:1: registry r:5000: bad login ****',
    );
  });

  it('passes other errors through untouched', () => {
    const other = new Error('x');
    expect(explainPullFailure(other, 'a', undefined, { login: undefined, connId: undefined })).toBe(other);
  });
});

describe('docker job registry login', () => {
  /** An engine that records the login of each pull and refuses it (the run stops there). */
  const recordingEngine = (seen: Array<PullAuth | undefined>): ContainerEngine =>
    ({
      plainEndpoint: undefined,
      pull: async (image: string, auth: PullAuth | undefined) => {
        seen.push(auth);
        throw new ImagePullError(image, 'stop here', 'other');
      },
    }) as unknown as ContainerEngine;
  const login = { server: 'reg.example.com', username: 'ci', password: 'pw-123456' };
  const connection = {
    kind: 'docker',
    connId: 'reg/ci',
    type: 'docker',
    registry: login,
    engine: { tls: true },
  };

  it.each([
    ['an image of the connection registry gets its login', 'reg.example.com/team/etl:1', login],
    ['a relative image is read as the connection registry', 'team/etl:1', login],
    ['an image of another registry never gets it', 'other.example.com/team/etl:1', undefined],
    ['a Docker Hub image never gets it', 'docker.io/library/debian', undefined],
  ])('%s', async (_what, payload, expected) => {
    const seen: Array<PullAuth | undefined> = [];
    const handler = new DockerHandler({ engines: { engine: () => recordingEngine(seen) } });
    const job = makeJob({ type: 'docker', run_id: randomUUID(), payload, parameters: { docker: 'reg/ci' } });
    await expect(
      handler.run(makeContext(job, { connections: { 'reg/ci': connection } }).ctx),
    ).rejects.toThrow(JobFailedError);
    expect(seen).toEqual([expected]);
  });
});
