import { randomBytes } from 'node:crypto';
import { callOperation, type JsonService, type Persistable, type RequestContext } from '../contracts';
import { ecrErrors } from './ecr-errors';
import type { ImageRegistry, RegistryImage } from './registry-api';

type Input = Record<string, unknown>;
type Operation = (input: Input, ctx: RequestContext) => Input | Promise<Input>;

/** A repository as ECR keeps it (the images themselves live in the registry). */
interface Repository {
  region: string;
  registryId: string;
  name: string;
  createdAt: number;
  tags: Array<{ Key: string; Value: string }>;
}

/** What the ECR emulation serves from: a registry and the password of its `AWS` user. */
export interface EcrRegistryLink {
  registry: ImageRegistry;
  password: string;
}

/** ECR's repository name rule (lower case path components). */
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const TOKEN_HOURS = 12;

/**
 * Amazon ECR over awsJson 1.1 (`AmazonEC2ContainerRegistry_V20150921`): repositories, their images
 * and registry logins. With a linked registry (the local docker-registry), repository URIs name it
 * and `GetAuthorizationToken` returns its `AWS` user's password as ECR does (base64 `AWS:<password>`),
 * so a docker job pulls an "ECR" image for real; images are what that registry holds. Every account
 * and region share the one registry. Paging (`maxResults`/`nextToken`) is not emulated.
 */
export class EcrService implements JsonService, Persistable {
  private readonly repositories = new Map<string, Repository>();
  private readonly operations: Record<string, Operation>;

  constructor(
    private readonly link: EcrRegistryLink | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.operations = {
      CreateRepository: (i, c) => ({ repository: this.wire(this.create(i, c)) }),
      DescribeRepositories: (i, c) => ({ repositories: this.describe(i, c).map((r) => this.wire(r)) }),
      DeleteRepository: (i, c) => this.delete(i, c),
      DescribeImages: (i, c) => this.describeImages(i, c),
      GetAuthorizationToken: (i, c) => this.authorizationToken(i, c),
    };
  }

  handle(operation: string, input: Input, ctx: RequestContext): Promise<Input> {
    return callOperation('ECR', this.operations, operation, (op) => op(input, ctx));
  }

  private create(input: Input, ctx: RequestContext): Repository {
    const name = repositoryName(input);
    const registryId = registryIdOf(input, ctx);
    if (this.repositories.has(key(ctx.region, registryId, name)))
      throw ecrErrors.repositoryExists(name, registryId);
    const tags = Array.isArray(input.tags) ? (input.tags as Repository['tags']) : [];
    const repository = { region: ctx.region, registryId, name, createdAt: this.now() / 1000, tags };
    this.repositories.set(key(ctx.region, registryId, name), repository);
    return repository;
  }

  private describe(input: Input, ctx: RequestContext): Repository[] {
    const registryId = registryIdOf(input, ctx);
    if (Array.isArray(input.repositoryNames) && input.repositoryNames.length > 0)
      return input.repositoryNames.map((n) => this.repository(String(n), registryId, ctx));
    return [...this.repositories.values()]
      .filter((r) => r.region === ctx.region && r.registryId === registryId)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private async delete(input: Input, ctx: RequestContext): Promise<Input> {
    const repository = this.repository(repositoryName(input), registryIdOf(input, ctx), ctx);
    if (input.force !== true && (await this.images(repository)).length > 0)
      throw ecrErrors.repositoryNotEmpty(repository.name, repository.registryId);
    this.repositories.delete(key(repository.region, repository.registryId, repository.name));
    return { repository: this.wire(repository) };
  }

  private async describeImages(input: Input, ctx: RequestContext): Promise<Input> {
    const repository = this.repository(repositoryName(input), registryIdOf(input, ctx), ctx);
    let images = await this.images(repository);
    const status = (input.filter as { tagStatus?: string } | undefined)?.tagStatus ?? 'ANY';
    if (status === 'TAGGED') images = images.filter((i) => i.tags.length > 0);
    if (status === 'UNTAGGED') images = images.filter((i) => i.tags.length === 0);
    if (Array.isArray(input.imageIds) && input.imageIds.length > 0)
      images = (input.imageIds as Array<{ imageDigest?: string; imageTag?: string }>).map((id) => {
        const found = images.find(
          (i) => i.digest === id.imageDigest || (id.imageTag && i.tags.includes(id.imageTag)),
        );
        if (!found) throw ecrErrors.imageNotFound(id, repository.name, repository.registryId);
        return found;
      });
    return { imageDetails: images.map((i) => imageWire(i, repository)) };
  }

  private authorizationToken(input: Input, ctx: RequestContext): Input {
    const ids =
      Array.isArray(input.registryIds) && input.registryIds.length
        ? input.registryIds.map(String)
        : [ctx.account];
    for (const id of ids)
      if (!/^\d{12}$/.test(id))
        throw ecrErrors.invalidParameter(
          `Invalid parameter at 'registryIds' failed to satisfy constraint: '${id}'`,
        );
    const expiresAt = this.now() / 1000 + TOKEN_HOURS * 3600;
    return {
      authorizationData: ids.map((id) => ({
        // Without a linked registry the token opens nothing, as a token for another endpoint would.
        authorizationToken: Buffer.from(
          `AWS:${this.link?.password ?? randomBytes(24).toString('base64url')}`,
        ).toString('base64'),
        expiresAt,
        proxyEndpoint: this.link
          ? `http://${this.link.registry.host}`
          : `https://${awsRegistryHost(id, ctx.region)}`,
      })),
    };
  }

  private repository(name: string, registryId: string, ctx: RequestContext): Repository {
    const found = this.repositories.get(key(ctx.region, registryId, name));
    if (!found) throw ecrErrors.repositoryNotFound(name, registryId);
    return found;
  }

  private async images(repository: Repository): Promise<RegistryImage[]> {
    if (!this.link) return [];
    try {
      return await this.link.registry.images(repository.name);
    } catch (error) {
      throw ecrErrors.registryUnavailable(this.link.registry.host, (error as Error).message);
    }
  }

  private wire(r: Repository): Input {
    const host = this.link?.registry.host ?? awsRegistryHost(r.registryId, r.region);
    return {
      repositoryArn: `arn:aws:ecr:${r.region}:${r.registryId}:repository/${r.name}`,
      registryId: r.registryId,
      repositoryName: r.name,
      repositoryUri: `${host}/${r.name}`,
      createdAt: r.createdAt,
      imageTagMutability: 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: false },
      encryptionConfiguration: { encryptionType: 'AES256' },
    };
  }

  snapshot(): unknown {
    return [...this.repositories.values()];
  }

  restore(data: unknown): void {
    for (const r of data as Repository[]) this.repositories.set(key(r.region, r.registryId, r.name), r);
  }
}

function key(region: string, registryId: string, name: string): string {
  return `${region}/${registryId}/${name}`;
}

function repositoryName(input: Input): string {
  const name = input.repositoryName;
  if (typeof name !== 'string' || name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name))
    throw ecrErrors.invalidParameter(
      `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '${REPOSITORY_NAME.source}''`,
    );
  return name;
}

function registryIdOf(input: Input, ctx: RequestContext): string {
  const id = input.registryId;
  if (id === undefined) return ctx.account;
  if (typeof id !== 'string' || !/^\d{12}$/.test(id))
    throw ecrErrors.invalidParameter(
      `Invalid parameter at 'registryId' failed to satisfy constraint: 'must satisfy regular expression '[0-9]{12}''`,
    );
  return id;
}

function awsRegistryHost(registryId: string, region: string): string {
  return `${registryId}.dkr.ecr.${region}.amazonaws.com`;
}

function imageWire(image: RegistryImage, r: Repository): Input {
  return {
    registryId: r.registryId,
    repositoryName: r.name,
    imageDigest: image.digest,
    ...(image.tags.length ? { imageTags: image.tags } : {}),
    imageSizeInBytes: image.sizeBytes,
    imageManifestMediaType: image.mediaType,
  };
}
