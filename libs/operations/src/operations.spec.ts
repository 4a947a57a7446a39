import { AuthenticationError, InvalidRequestError } from './errors';
import { issueToken, sha256, verifyToken, type StoredToken } from './api-tokens';
import { paginate } from './pagination';
import { allows, type Permission, type Role } from './roles';

describe('roles', () => {
  it.each<[Role, Permission, boolean]>([
    ['reader', 'read', true],
    ['reader', 'operate', false],
    ['reader', 'administer', false],
    ['operator', 'read', true],
    ['operator', 'operate', true],
    ['operator', 'administer', false],
    ['admin', 'operate', true],
    ['admin', 'administer', true],
  ])('%s may %s: %s', (role, permission, expected) => {
    expect(allows(role, permission)).toBe(expected);
  });
});

describe('API tokens', () => {
  const store = (records: StoredToken[]) => ({
    find: async (id: string) => records.find((r) => r.token_id === id),
  });

  it('issues a token whose hash alone is stored, and verifies it', async () => {
    const { token, record } = issueToken('alice', 'operator');
    expect(token).toMatch(/^lava_[a-f0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(record).toEqual({
      token_id: token.slice(5, 17),
      name: 'alice',
      role: 'operator',
      sha256: sha256(token),
    });
    expect(JSON.stringify(record)).not.toContain(token.slice(18));
    await expect(verifyToken(store([record]), token)).resolves.toEqual({ name: 'alice', role: 'operator' });
  });

  it('refuses tampered, unknown, malformed and badly-roled tokens with one answer', async () => {
    const { token, record } = issueToken('bob', 'reader');
    const other = issueToken('eve', 'admin');
    const cases = [`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, other.token, 'lava_short', ''];
    for (const t of cases)
      await expect(verifyToken(store([record]), t)).rejects.toMatchObject({ code: 'AUTH_INVALID' });
    await expect(verifyToken(store([{ ...record, role: 'root' }]), token)).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });
});

describe('paginate', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  const key = (s: string) => s;

  it('pages by the key of the last item returned', () => {
    const p1 = paginate(items, key, { limit: 2 });
    expect(p1.items).toEqual(['a', 'b']);
    const p2 = paginate(items, key, { limit: 2, cursor: p1.next_cursor });
    expect(p2.items).toEqual(['c', 'd']);
    expect(paginate(items, key, { limit: 2, cursor: p2.next_cursor })).toEqual({ items: ['e'] });
  });

  it('continues after an anchor that has gone, in either order', () => {
    const cursor = Buffer.from('bb').toString('base64url');
    expect(paginate(items, key, { limit: 2, cursor }).items).toEqual(['c', 'd']);
    expect(paginate([...items].reverse(), key, { limit: 2, cursor }, 'desc').items).toEqual(['b', 'a']);
  });

  it.each([0, 501, 1.5])('refuses limit %s', (limit) => {
    expect(() => paginate(items, key, { limit })).toThrow(InvalidRequestError);
  });

  it('refuses a malformed cursor', () => {
    expect(() => paginate(items, key, { cursor: '%%' })).toThrow('malformed cursor');
  });
});
