import { MASK, maskSecrets } from './mask';

describe('maskSecrets', () => {
  it('masks password-like fields at any depth and keeps the rest', () => {
    const conn = {
      conn_id: 'warehouse',
      type: 'postgres',
      host: 'db.example.com',
      user: 'etl',
      password: '/lava/acme/warehouse/password',
      secret_id: 'lava/acme/warehouse',
      extra: { api_key: 'k-123', token: 't', nested: [{ private_key: 'p' }], port: 5432 },
      webhook_url: 'https://hooks.example.com/T000/B000/XXXX',
      enabled: true,
    };
    expect(maskSecrets(conn)).toEqual({
      conn_id: 'warehouse',
      type: 'postgres',
      host: 'db.example.com',
      user: 'etl',
      password: MASK,
      secret_id: MASK,
      extra: { api_key: MASK, token: MASK, nested: [{ private_key: MASK }], port: 5432 },
      webhook_url: MASK,
      enabled: true,
    });
  });

  it.each([
    ['postgres://etl:s3cret@db:5432/x', `postgres://etl:${MASK}@db:5432/x`],
    ['see mysql://u:p%40ss@h/d and more', `see mysql://u:${MASK}@h/d and more`],
    ['https://example.com/path', 'https://example.com/path'],
  ])('masks the password inside a URL: %s', (text, masked) => {
    expect(maskSecrets({ dsn: text })).toEqual({ dsn: masked });
  });

  it('does not modify its input', () => {
    const conn = { password: 'x' };
    maskSecrets(conn);
    expect(conn.password).toBe('x');
  });
});
