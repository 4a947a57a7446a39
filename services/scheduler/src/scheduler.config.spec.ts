import { ConfigError } from '@lava/service-kit';
import { loadSchedulerConfig, parseDispatchers } from './scheduler.config';

describe('scheduler config', () => {
  it('reads dispatchers with optional per-dispatcher zones, CRON_TZ as the default', () => {
    const c = loadSchedulerConfig({
      LAVA_REALM: 'acme',
      LAVA_DISPATCHERS: 'main, nz=Pacific/Auckland',
      CRON_TZ: 'Australia/Sydney',
    });
    expect(c.dispatchers).toEqual([
      { name: 'main', timezone: 'Australia/Sydney' },
      { name: 'nz', timezone: 'Pacific/Auckland' },
    ]);
    expect(c.LAVA_LEASE_MS).toBe(10_000);
    expect(parseDispatchers('a', 'UTC')).toEqual([{ name: 'a', timezone: 'UTC' }]);
  });

  it('lists every problem at once', () => {
    const err = (() => {
      try {
        loadSchedulerConfig({
          LAVA_REALM: 'acme',
          LAVA_DISPATCHERS: 'a,a=Mars/Base',
          LAVA_LEASE_MS: '4000',
          LAVA_LEASE_RENEW_MS: '3000',
        });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.problems).toEqual([
      'unknown time zone "Mars/Base" (CRON_TZ or LAVA_DISPATCHERS)',
      'LAVA_DISPATCHERS names a dispatcher twice: a,a=Mars/Base',
      'LAVA_LEASE_RENEW_MS + LAVA_LEASE_MARGIN_MS must be below LAVA_LEASE_MS',
    ]);
    expect(() => loadSchedulerConfig({ LAVA_REALM: 'acme' })).toThrow('LAVA_DISPATCHERS is required');
  });
});
