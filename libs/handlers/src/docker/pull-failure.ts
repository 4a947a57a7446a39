import type { RegistryLogin } from '@lava/connectors';
import { ImagePullError } from './docker.errors';

/**
 * A failed pull said for the person who fixes it: what failed, at which registry, with which login
 * (the user and the connection, never the password), and what to change. Other errors pass through.
 *
 * @example
 * explainPullFailure(err, '127.0.0.1:5000/etl:1', '127.0.0.1:5000', { login, connId: 'reg/ci' }).message
 * // Cannot pull docker image 127.0.0.1:5000/etl:1: registry 127.0.0.1:5000 refused the login of user "ci"
 * // from docker connection reg/ci (unauthorized: authentication required); check the connection's user and
 * // the password parameter it names
 */
export function explainPullFailure(
  err: unknown,
  image: string,
  registry: string | undefined,
  sent: { login: RegistryLogin | undefined; connId: string | undefined },
): unknown {
  if (!(err instanceof ImagePullError)) return err;
  const where = registry ? `registry ${registry}` : 'Docker Hub';
  const { login, connId } = sent;
  const text = scrub(hint(err, where, err.detail, login?.username, connId), login?.password);
  return new ImagePullError(image, text, err.failure, { cause: err });
}

function hint(
  err: ImagePullError,
  where: string,
  detail: string,
  user: string | undefined,
  connId: string | undefined,
): string {
  if (err.failure === 'unauthorized' && user !== undefined)
    return `${where} refused the login of user "${user}" from docker connection ${connId} (${detail}); check the connection's user and the password parameter it names (for registry: ecr, the broker's ECR access)`;
  if (err.failure === 'unauthorized')
    return `${where} needs a login (${detail}); name a docker connection with this registry, a user and a password (job parameter docker, or the realm's docker)`;
  if (err.failure === 'not-found')
    return `${where} has no such image (${detail}); check the payload's repository and tag`;
  if (err.failure === 'unreachable')
    return `${where} cannot be reached from the Docker engine (${detail}); check the registry host and port and the engine's network`;
  return `${where}: ${detail}`;
}

/** Belt and braces: the engine's words never carry the password, and this makes sure. */
function scrub(text: string, password: string | undefined): string {
  return password ? text.split(password).join('****') : text;
}
