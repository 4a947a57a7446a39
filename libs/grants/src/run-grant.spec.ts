import { GrantKeyring } from './grant-keyring';
import { assertGrantCovers, signRunGrant, verifyRunGrant, type RunGrantClaims } from './run-grant';

const claims: RunGrantClaims = {
  realm: 'demo',
  job_id: 'etl/load',
  run_id: 'r-1',
  worker: 'core',
  conn_ids: ['pg'],
  iat: 1000,
  exp: 1300,
};

describe('run grants', () => {
  const ring = GrantKeyring.parse(JSON.stringify(GrantKeyring.generate('k1')));

  it('round-trips claims signed with the current key', () => {
    const token = signRunGrant(claims, ring.current);
    expect(verifyRunGrant(token, { keys: ring.all, nowSeconds: 1100 })).toEqual(claims);
  });

  it.each([
    ['expired', 1300, 'GRANT_EXPIRED'],
    ['issued in the future', 900, 'GRANT_NOT_YET_VALID'],
  ])('refuses a grant that is %s', (_label, now, code) => {
    const token = signRunGrant(claims, ring.current);
    expect(() => verifyRunGrant(token, { keys: ring.all, nowSeconds: now })).toThrow(
      expect.objectContaining({ code }),
    );
  });

  it('refuses a tampered body', () => {
    const [v, kid, , sig] = signRunGrant(claims, ring.current).split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, conn_ids: ['pg', 'prod'] })).toString('base64url');
    expect(() =>
      verifyRunGrant(`${v}.${kid}.${forged}.${sig}`, { keys: ring.all, nowSeconds: 1100 }),
    ).toThrow(expect.objectContaining({ code: 'GRANT_BAD_SIGNATURE' }));
  });

  it('refuses grants signed with a key it does not hold, and malformed tokens', () => {
    const other = GrantKeyring.parse(JSON.stringify(GrantKeyring.generate('k9')));
    expect(() =>
      verifyRunGrant(signRunGrant(claims, other.current), { keys: ring.all, nowSeconds: 1100 }),
    ).toThrow(expect.objectContaining({ code: 'GRANT_UNKNOWN_KEY' }));
    expect(() => verifyRunGrant('nonsense', { keys: ring.all, nowSeconds: 1100 })).toThrow(
      expect.objectContaining({ code: 'GRANT_MALFORMED' }),
    );
  });

  it('keeps accepting grants from the previous key after rotation', () => {
    const doc = GrantKeyring.generate('old');
    const before = GrantKeyring.parse(JSON.stringify(doc));
    const after = GrantKeyring.parse(JSON.stringify(GrantKeyring.rotate(doc, 'new')));
    expect(after.current.kid).toBe('new');
    expect(
      verifyRunGrant(signRunGrant(claims, before.current), { keys: after.all, nowSeconds: 1100 }).run_id,
    ).toBe('r-1');
  });

  it('covers only the named connections, worker, realm and run', () => {
    const ask = { realm: 'demo', worker: 'core', connId: 'pg', runId: 'r-1' };
    expect(() => assertGrantCovers(claims, ask)).not.toThrow();
    expect(() => assertGrantCovers(claims, { ...ask, connId: 'prod' })).toThrow(
      expect.objectContaining({ code: 'GRANT_CONNECTION_NOT_NAMED' }),
    );
    expect(() => assertGrantCovers(claims, { ...ask, worker: 'other' })).toThrow(
      expect.objectContaining({ code: 'GRANT_WRONG_WORKER' }),
    );
    expect(() => assertGrantCovers(claims, { ...ask, realm: 'prod' })).toThrow(
      expect.objectContaining({ code: 'GRANT_WRONG_REALM' }),
    );
    for (const other of [{ runId: 'r-2' }, { runId: undefined }])
      expect(() => assertGrantCovers(claims, { ...ask, ...other })).toThrow(
        expect.objectContaining({ code: 'GRANT_WRONG_RUN' }),
      );
  });
});
