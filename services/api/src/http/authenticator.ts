import { AuthenticationError, verifyToken, type Principal, type TokenStore } from '@lava/operations';

/** How callers prove who they are (LAVA_API_AUTH). */
export type AuthMode = 'tokens' | 'local';

/** The principal of a local realm without authentication (LAVA_API_AUTH=local). */
export const LOCAL_PRINCIPAL: Principal = { name: 'local', role: 'admin' };

/**
 * Turns a request's `Authorization` header into a principal. `tokens`: a bearer API token is
 * required and checked against its stored hash; `local`: everyone is the local admin (allowed
 * only against a local AWS endpoint, checked at boot).
 */
export class Authenticator {
  constructor(
    readonly mode: AuthMode,
    private readonly tokens: TokenStore,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (this.mode === 'local') return LOCAL_PRINCIPAL;
    if (!authorization)
      throw new AuthenticationError(
        'AUTH_REQUIRED',
        'authentication required: send Authorization: Bearer <API token>',
      );
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (!token)
      throw new AuthenticationError('AUTH_INVALID', 'the Authorization header must be Bearer <API token>');
    return verifyToken(this.tokens, token);
  }
}
