import { ConnectionInvalidError, SecretUnavailableError } from '../errors';
import type {
  ConnectionSpec,
  RegistryLogin,
  ResolveContext,
  ResolvedDockerConnection,
} from '../model/connection';
import { optBool, optInt, optString, rejectUnknownFields } from '../model/fields';

const FIELDS = ['registry', 'user', 'password', 'email', 'server', 'tls', 'timeout'];
const ECR = /^ecr(?::(\d{12}))?$/;

/**
 * `docker`: the Docker engine a docker job runs on (`server`, `tls`, `timeout`) and the registry
 * login it pulls with. `registry` is a registry host (`user` plus `password`, the SSM parameter
 * holding the password or token) or `ecr[:account]` (a token from ECR `GetAuthorizationToken`,
 * asked by the broker). Without `registry` no login is done (public or local images).
 *
 * @example
 * { conn_id: 'docker/ecr', type: 'docker', enabled: true, registry: 'ecr' }
 */
export class DockerConnector {
  readonly types = ['docker'] as const;

  async resolve(spec: ConnectionSpec, ctx: ResolveContext): Promise<ResolvedDockerConnection> {
    rejectUnknownFields(spec, FIELDS);
    const registry = optString(spec, 'registry');
    const login = registry === undefined ? undefined : await registryLogin(spec, registry, ctx);
    const timeout = optInt(spec, 'timeout');
    return {
      kind: 'docker',
      connId: spec.conn_id,
      type: 'docker',
      canonicalType: 'docker',
      spec,
      registry: login,
      engine: { server: optString(spec, 'server'), tls: optBool(spec, 'tls', true), timeoutSeconds: timeout },
      secretValues: login ? [login.password] : [],
    };
  }
}

async function registryLogin(
  spec: ConnectionSpec,
  registry: string,
  ctx: ResolveContext,
): Promise<RegistryLogin> {
  const email = optString(spec, 'email');
  const ecr = ECR.exec(registry);
  if (ecr) {
    if (ctx.ecr === undefined)
      throw new SecretUnavailableError('No ECR access for registry login', { conn_id: spec.conn_id });
    return { ...(await ctx.ecr.authorizationToken(ecr[1])), email };
  }
  const user = optString(spec, 'user');
  const passwordParam = optString(spec, 'password');
  if (user === undefined || passwordParam === undefined)
    throw new ConnectionInvalidError('user and password must be specified with a registry', {
      conn_id: spec.conn_id,
    });
  const password = await ctx.secrets.ssmParameter(passwordParam);
  return {
    server: registry.replace(/^https?:\/\//, '').replace(/\/+$/, ''),
    username: user,
    password,
    email,
  };
}
