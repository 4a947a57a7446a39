import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  ImageNotFoundException,
  RepositoryAlreadyExistsException,
  RepositoryNotEmptyException,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { assertDockerAnswers, createDockerClient, type Docker } from '@lava/docker-client';
import { startAwsLocal } from '..';
import { useAwsEndpoint } from '../testing';
import { awsClientConfig, errorOf, uniqueName } from './support';

jest.setTimeout(120_000);

const BASE_IMAGE = 'debian:bookworm-slim';

/** The project's registry (scripts/ensure-registry.sh): started or reused; fails loudly when it cannot. */
function ensureRegistry(): { host: string; ecrPassword: string } {
  const out = execFileSync('bash', [join(__dirname, '../../../../scripts/ensure-registry.sh')], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  const env = Object.fromEntries(out.split('\n').map((l) => l.split(/=(.*)/s, 2) as [string, string]));
  return {
    host: env.REGISTRY_HOST!,
    ecrPassword: readFileSync(env.REGISTRY_ECR_PASSWORD_FILE!, 'utf8').trim(),
  };
}

async function follow(docker: Docker, stream: NodeJS.ReadableStream, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) => {
      const failed = err?.message ?? out.find((o) => o.error)?.error;
      if (failed) reject(new Error(`${what}: ${failed}`));
      else resolve();
    }),
  );
}

describe('ECR linked to the local registry (the real @aws-sdk/client-ecr)', () => {
  const registry = ensureRegistry();
  const aws = useAwsEndpoint(() => ({
    ecrRegistry: { host: registry.host, password: registry.ecrPassword },
  }));
  const ecr = () => new ECRClient(awsClientConfig(aws.url()));
  const docker = createDockerClient();
  const name = `lava-test/${uniqueName('ecr')}`;

  beforeAll(async () => {
    await assertDockerAnswers(docker);
  });

  it('creates, describes and refuses repositories as ECR does', async () => {
    const { repository } = await ecr().send(new CreateRepositoryCommand({ repositoryName: name }));
    expect(repository).toMatchObject({
      repositoryName: name,
      registryId: '000000000000',
      repositoryArn: `arn:aws:ecr:us-east-1:000000000000:repository/${name}`,
      repositoryUri: `${registry.host}/${name}`,
      imageTagMutability: 'MUTABLE',
    });
    expect(repository!.createdAt).toBeInstanceOf(Date);
    const again = await errorOf(() => ecr().send(new CreateRepositoryCommand({ repositoryName: name })));
    expect(again).toBeInstanceOf(RepositoryAlreadyExistsException);
    expect(again.message).toBe(
      `The repository with name '${name}' already exists in the registry with id '000000000000'`,
    );
    const { repositories } = await ecr().send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    expect(repositories!.map((r) => r.repositoryUri)).toEqual([`${registry.host}/${name}`]);
    const all = await ecr().send(new DescribeRepositoriesCommand({}));
    expect(all.repositories!.map((r) => r.repositoryName)).toContain(name);
    const missing = await errorOf(() =>
      ecr().send(new DescribeRepositoriesCommand({ repositoryNames: ['lava-test/absent'] })),
    );
    expect(missing).toBeInstanceOf(RepositoryNotFoundException);
    expect(missing.message).toBe(
      "The repository with name 'lava-test/absent' does not exist in the registry with id '000000000000'",
    );
    const badName = await errorOf(() =>
      ecr().send(new CreateRepositoryCommand({ repositoryName: 'Bad_Name!' })),
    );
    expect(badName.name).toBe('InvalidParameterException');
    const otherRegion = new ECRClient(awsClientConfig(aws.url(), { region: 'eu-west-1' }));
    expect(
      await errorOf(() => otherRegion.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }))),
    ).toBeInstanceOf(RepositoryNotFoundException);
  });

  it('GetAuthorizationToken is a working login (AWS:<password>) for push and pull; DescribeImages lists what was pushed', async () => {
    const { authorizationData } = await ecr().send(new GetAuthorizationTokenCommand({}));
    const [data] = authorizationData!;
    expect(data!.proxyEndpoint).toBe(`http://${registry.host}`);
    expect(data!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);
    const [user, password] = Buffer.from(data!.authorizationToken!, 'base64')
      .toString('utf8')
      .split(/:(.*)/s);
    expect(user).toBe('AWS');
    const auth = { username: user, password, serveraddress: registry.host };
    const ref = `${registry.host}/${name}:v1`;
    await docker.getImage(BASE_IMAGE).tag({ repo: `${registry.host}/${name}`, tag: 'v1' });
    await follow(docker, await docker.getImage(ref).push({ authconfig: auth }), `push ${ref}`);
    await docker.getImage(ref).remove();
    await follow(docker, await docker.pull(ref, { authconfig: auth }), `pull ${ref}`);
    await docker.getImage(ref).remove();

    const { imageDetails } = await ecr().send(new DescribeImagesCommand({ repositoryName: name }));
    expect(imageDetails).toEqual([
      expect.objectContaining({
        registryId: '000000000000',
        repositoryName: name,
        imageTags: ['v1'],
        imageDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      }),
    ]);
    expect(imageDetails![0]!.imageSizeInBytes).toBeGreaterThan(1000);
    const byTag = await ecr().send(
      new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageTag: 'v1' }] }),
    );
    expect(byTag.imageDetails![0]!.imageDigest).toBe(imageDetails![0]!.imageDigest);
    const absent = await errorOf(() =>
      ecr().send(new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageTag: 'v9' }] })),
    );
    expect(absent).toBeInstanceOf(ImageNotFoundException);
    expect(
      await errorOf(() => ecr().send(new DescribeImagesCommand({ repositoryName: 'lava-test/absent' }))),
    ).toBeInstanceOf(RepositoryNotFoundException);
  });

  it('a wrong token is refused by the registry', async () => {
    const auth = { username: 'AWS', password: 'not-the-token', serveraddress: registry.host };
    await expect(
      docker.pull(`${registry.host}/${name}:v1`, { authconfig: auth }).then((s) => follow(docker, s, 'pull')),
    ).rejects.toThrow(/unauthorized|authentication required/);
  });

  it('DeleteRepository refuses a repository with images unless forced', async () => {
    expect(
      await errorOf(() => ecr().send(new DeleteRepositoryCommand({ repositoryName: name }))),
    ).toBeInstanceOf(RepositoryNotEmptyException);
    await ecr().send(new DeleteRepositoryCommand({ repositoryName: name, force: true }));
    expect(
      await errorOf(() => ecr().send(new DescribeRepositoriesCommand({ repositoryNames: [name] }))),
    ).toBeInstanceOf(RepositoryNotFoundException);
  });
});

describe('ECR without a linked registry', () => {
  it('keeps repositories with AWS-shaped URIs; tokens decode to AWS:<token>', async () => {
    const handle = await startAwsLocal({ port: 0 });
    try {
      const ecr = new ECRClient(awsClientConfig(handle.url));
      const { repository } = await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/etl' }));
      expect(repository!.repositoryUri).toBe('000000000000.dkr.ecr.us-east-1.amazonaws.com/team/etl');
      expect(
        (await ecr.send(new DescribeImagesCommand({ repositoryName: 'team/etl' }))).imageDetails,
      ).toEqual([]);
      const { authorizationData } = await ecr.send(
        new GetAuthorizationTokenCommand({ registryIds: ['123456789012'] }),
      );
      expect(authorizationData![0]!.proxyEndpoint).toBe(
        'https://123456789012.dkr.ecr.us-east-1.amazonaws.com',
      );
      expect(Buffer.from(authorizationData![0]!.authorizationToken!, 'base64').toString()).toMatch(
        /^AWS:.{20,}$/,
      );
    } finally {
      await handle.stop();
    }
  });
});
