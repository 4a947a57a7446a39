import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('shares one load between concurrent callers and reloads after the TTL', async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(30_000, () => now);
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load), cache.get('a', load)])).toEqual([
      1, 1, 1,
    ]);
    now = 29_999;
    expect(await cache.get('a', load)).toBe(1);
    now = 30_000;
    expect(await cache.get('a', load)).toBe(2);
  });

  it('does not keep failures', async () => {
    const cache = new TtlCache<string>(30_000, () => 0);
    await expect(cache.get('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('a', async () => 'ok')).toBe('ok');
  });

  it('loads every time when the TTL is zero, and stays within its size bound', async () => {
    let loads = 0;
    const off = new TtlCache<number>(0);
    await off.get('a', async () => ++loads);
    await off.get('a', async () => ++loads);
    expect(loads).toBe(2);
    const small = new TtlCache<number>(1000, () => 0, 3);
    for (const k of ['a', 'b', 'c', 'd', 'e']) await small.get(k, async () => 1);
    expect(small.size).toBeLessThanOrEqual(3);
  });
});
