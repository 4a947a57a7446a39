/** An image reference split as the engine reads it. */
export interface ImageRef {
  /** Registry host (`host[:port]`), or undefined for Docker Hub. */
  registry?: string;
  /** Full reference with a tag or digest, ready for pull/create. */
  image: string;
}

/**
 * Reads a docker job's payload, `[registry/]repository[:tag|@digest]` (tag `latest` when absent).
 * A first path component with a `.` or `:` or equal to `localhost` is a registry host, as Docker
 * reads it. `defaultRegistry` (the connection's registry) is put in front of a payload without one,
 * so the original's `team/etl:1.2` with an `ecr` connection names the ECR image.
 *
 * @example parseImageRef('127.0.0.1:5000/etl') // { registry: '127.0.0.1:5000', image: '127.0.0.1:5000/etl:latest' }
 */
export function parseImageRef(payload: string, defaultRegistry?: string): ImageRef {
  const text = payload.trim();
  const first = text.split('/')[0]!;
  const hasRegistry =
    text.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : defaultRegistry;
  const named = hasRegistry || registry === undefined ? text : `${registry}/${text}`;
  const lastPart = named.slice(named.lastIndexOf('/') + 1);
  const tagged = named.includes('@') || lastPart.includes(':');
  return { registry, image: tagged ? named : `${named}:latest` };
}
