/** One image in a registry repository: its manifest digest, tags and size. */
export interface RegistryImage {
  digest: string;
  tags: string[];
  sizeBytes: number;
  mediaType: string;
}

/** The registry an ECR emulation serves images from (the Docker Registry HTTP API v2). */
export interface ImageRegistry {
  /** `host:port`, the registry part of image names (an ECR repository URI starts with it). */
  readonly host: string;
  /** Images of `repository`; none when the registry has never seen it. */
  images(repository: string): Promise<RegistryImage[]>;
}

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/**
 * A registry reached over plain HTTP with basic auth (the local test registry, user `AWS`).
 *
 * @example const registry = new HttpImageRegistry('127.0.0.1:5500', 'AWS', password);
 */
export class HttpImageRegistry implements ImageRegistry {
  private readonly authorization: string;

  constructor(
    readonly host: string,
    username: string,
    password: string,
  ) {
    this.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  async images(repository: string): Promise<RegistryImage[]> {
    const listed = await this.get(`/v2/${repository}/tags/list`);
    if (listed.status === 404) return [];
    const tags = ((await listed.json()) as { tags?: string[] | null }).tags ?? [];
    const byDigest = new Map<string, RegistryImage>();
    for (const tag of tags.sort()) {
      const image = await this.manifest(repository, tag);
      const seen = byDigest.get(image.digest);
      if (seen) seen.tags.push(tag);
      else byDigest.set(image.digest, image);
    }
    return [...byDigest.values()];
  }

  private async manifest(repository: string, tag: string): Promise<RegistryImage> {
    const res = await this.get(`/v2/${repository}/manifests/${tag}`, { accept: MANIFEST_TYPES });
    const body = (await res.json()) as { config?: { size?: number }; layers?: Array<{ size?: number }> };
    const layers = (body.layers ?? []).reduce((sum, l) => sum + (l.size ?? 0), 0);
    return {
      digest: res.headers.get('docker-content-digest') ?? '',
      tags: [tag],
      sizeBytes: layers + (body.config?.size ?? 0),
      mediaType: (res.headers.get('content-type') ?? '').split(';')[0]!,
    };
  }

  private async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(`http://${this.host}${path}`, {
      headers: { authorization: this.authorization, ...headers },
    });
    if (res.ok || res.status === 404) return res;
    await res.body?.cancel();
    throw new Error(`GET ${path} answered ${res.status}`);
  }
}
