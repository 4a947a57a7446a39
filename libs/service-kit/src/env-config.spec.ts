import { COMMON_ENV, ConfigError, readEnv, type EnvSpec } from './env-config';

const SPEC = {
  NAME: { type: 'string', pattern: /^[a-z]+$/, description: 'a name' },
  COUNT: { type: 'int', default: 4, min: 1, max: 8, description: 'how many' },
  FAST: { type: 'bool', default: false, description: 'go fast' },
} as const satisfies EnvSpec;

describe('readEnv', () => {
  it('converts values and fills defaults for what is unset or empty', () => {
    expect(readEnv(SPEC, { NAME: 'abc', COUNT: '', FAST: 'YES' })).toEqual({
      NAME: 'abc',
      COUNT: 4,
      FAST: true,
    });
    expect(readEnv(SPEC, { NAME: 'x', COUNT: '8', FAST: 'off' })).toEqual({
      NAME: 'x',
      COUNT: 8,
      FAST: false,
    });
  });

  it('reports every problem at once, each naming the variable and the rule', () => {
    let error: unknown;
    try {
      readEnv(SPEC, { COUNT: '9', FAST: 'maybe' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'NAME is required (a name)',
      'COUNT="9" must be an integer >= 1 <= 8',
      'FAST="maybe" is not a boolean (true/false)',
    ]);
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
  });

  it.each([
    ['1.5', 'must be an integer'],
    ['0', 'must be an integer >= 1'],
    ['ten', 'must be an integer'],
  ])('refuses COUNT=%s', (raw, problem) => {
    expect(() => readEnv(SPEC, { NAME: 'a', COUNT: raw })).toThrow(problem);
  });

  it('checks string patterns', () => {
    expect(() => readEnv(SPEC, { NAME: 'Abc' })).toThrow('NAME="Abc" does not match /^[a-z]+$/');
  });

  it('knows the variables every service reads, with their defaults', () => {
    expect(readEnv(COMMON_ENV, { LAVA_REALM: 'demo' })).toEqual({
      LAVA_REALM: 'demo',
      LAVA_HEALTH_PORT: 8080,
      LAVA_HEALTH_HOST: '0.0.0.0',
      LAVA_LOG_LEVEL: 'info',
      LAVA_DRAIN_SECONDS: 30,
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
      OTEL_BSP_SCHEDULE_DELAY: 5000,
      OTEL_METRIC_EXPORT_INTERVAL: 60000,
    });
    expect(() => readEnv(COMMON_ENV, { LAVA_REALM: 'Demo' })).toThrow('LAVA_REALM');
    expect(() => readEnv(COMMON_ENV, { LAVA_REALM: 'demo', LAVA_LOG_LEVEL: 'trace' })).toThrow(
      'LAVA_LOG_LEVEL',
    );
  });
});
