import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from './errors';
import { isRole, type Principal, type Role } from './roles';

/** A stored token: never the token itself, only its SHA-256. */
export interface StoredToken {
  token_id: string;
  name: string;
  role: string;
  sha256: string;
}

/** Where tokens are kept (the realm state table in production). */
export interface TokenStore {
  find(tokenId: string): Promise<StoredToken | undefined>;
}

/** `lava_<id>_<secret>`: the id finds the record, the whole string is hashed. */
const TOKEN_RE = /^lava_([a-f0-9]{12})_([A-Za-z0-9_-]{43})$/;

/** A new token for `name` with `role`: the text to hand out once, and the record to store. */
export function issueToken(name: string, role: Role): { token: string; record: StoredToken } {
  const tokenId = randomBytes(6).toString('hex');
  const token = `lava_${tokenId}_${randomBytes(32).toString('base64url')}`;
  return { token, record: { token_id: tokenId, name, role, sha256: sha256(token) } };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Resolves a bearer token to its principal. Unknown, malformed and mismatching tokens get the
 * same answer, so a caller cannot tell which part was wrong; the hash comparison is
 * constant-time.
 */
export async function verifyToken(store: TokenStore, token: string): Promise<Principal> {
  const refused = new AuthenticationError('AUTH_INVALID', 'invalid or revoked API token');
  const id = TOKEN_RE.exec(token)?.[1];
  if (!id) throw refused;
  const stored = await store.find(id);
  if (!stored || !isRole(stored.role)) throw refused;
  const want = Buffer.from(stored.sha256, 'hex');
  const got = Buffer.from(sha256(token), 'hex');
  if (want.length !== got.length || !timingSafeEqual(want, got)) throw refused;
  return { name: stored.name, role: stored.role };
}
