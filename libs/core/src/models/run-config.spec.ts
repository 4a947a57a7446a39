import { RUN_CONFIG, runConfig, type RunConfigKey } from './run-config';

const configured = (values: Record<string, string>) => ({ config: (key: string) => values[key] });

describe('run configuration', () => {
  it('gives the configured value over the built-in default', () => {
    expect(runConfig(configured({ TZ: 'Australia/Sydney' }), 'TZ')).toBe('Australia/Sydney');
  });

  it('falls back to the built-in default, and to nothing for keys without one', () => {
    expect(runConfig(configured({}), 'FLEET_CONCURRENCY')).toBe('4');
    expect(runConfig(configured({}), 'ECS_SUBNETS')).toBeUndefined();
  });

  it('keeps an empty configured value (CONN_APP_NAME "" turns identification off)', () => {
    expect(runConfig(configured({ CONN_APP_NAME: '' }), 'CONN_APP_NAME')).toBe('');
  });

  it('describes every key, and every default parses as what its name says', () => {
    for (const [key, entry] of Object.entries(RUN_CONFIG) as Array<
      [RunConfigKey, (typeof RUN_CONFIG)[RunConfigKey]]
    >) {
      expect(entry.description.length).toBeGreaterThan(10);
      if (entry.default === undefined) continue;
      if (/_(TIMEOUT|TTL|DELAY|INTERVAL|WAIT)$/.test(key)) expect(entry.default).toMatch(/^\d+[smhd]$/);
      if (/_MAX_\w*SIZE$/.test(key)) expect(entry.default).toMatch(/^\d+[KM]$/);
      if (/_(LIMIT|WORKERS|CONCURRENCY|HOPS|ATTACHMENTS)$/.test(key)) expect(entry.default).toMatch(/^\d+$/);
    }
  });
});
