import { LavaError } from '@lava/errors';
/** One environment variable a service reads. */
export type EnvField =
  | { type: 'string'; default?: string; pattern?: RegExp; description: string }
  | { type: 'int'; default?: number; min?: number; max?: number; description: string }
  | { type: 'bool'; default?: boolean; description: string };

export type EnvSpec = Record<string, EnvField>;

type ValueOf<F extends EnvField> = F extends { type: 'string' }
  ? string
  : F extends { type: 'int' }
    ? number
    : boolean;
export type EnvValues<S extends EnvSpec> = { [K in keyof S]: ValueOf<S[K]> };

/** Every problem with a service's environment, reported at once at boot. */
export class ConfigError extends LavaError {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super('CONFIG_INVALID', `invalid configuration:\n  - ${problems.join('\n  - ')}`, {
      context: { count: problems.length },
    });
  }
}

/**
 * Reads and validates a service's environment once, at the boundary (nothing else
 * reads process.env). Missing required values and bad formats are all listed in one error.
 */
export function readEnv<S extends EnvSpec>(spec: S, env: NodeJS.ProcessEnv): EnvValues<S> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(spec)) {
    const raw = env[key];
    if (raw === undefined || raw === '') {
      if (field.default === undefined) problems.push(`${key} is required (${field.description})`);
      else out[key] = field.default;
      continue;
    }
    const value = convert(key, raw, field, problems);
    if (value !== undefined) out[key] = value;
  }
  if (problems.length) throw new ConfigError(problems);
  return out as EnvValues<S>;
}

function convert(key: string, raw: string, field: EnvField, problems: string[]): unknown {
  if (field.type === 'string') {
    if (field.pattern && !field.pattern.test(raw))
      problems.push(`${key}=${JSON.stringify(raw)} does not match ${field.pattern}`);
    return raw;
  }
  if (field.type === 'bool') {
    const v = raw.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    problems.push(`${key}=${JSON.stringify(raw)} is not a boolean (true/false)`);
    return undefined;
  }
  const n = Number(raw);
  if (
    !Number.isInteger(n) ||
    (field.min !== undefined && n < field.min) ||
    (field.max !== undefined && n > field.max)
  ) {
    problems.push(
      `${key}=${JSON.stringify(raw)} must be an integer${field.min !== undefined ? ` >= ${field.min}` : ''}${field.max !== undefined ? ` <= ${field.max}` : ''}`,
    );
    return undefined;
  }
  return n;
}

/** Variables every service reads. */
export const COMMON_ENV = {
  LAVA_REALM: { type: 'string', pattern: /^[a-z][a-z0-9_]{2,10}$/, description: 'realm name' },
  LAVA_HEALTH_PORT: {
    type: 'int',
    default: 8080,
    min: 0,
    max: 65535,
    description: 'port of /health/live and /health/ready (0 = any)',
  },
  LAVA_HEALTH_HOST: {
    type: 'string',
    default: '0.0.0.0',
    description: 'address the health endpoint listens on',
  },
  LAVA_LOG_LEVEL: {
    type: 'string',
    default: 'info',
    pattern: /^(debug|info|warn|error)$/,
    description: 'debug, info, warn or error',
  },
  LAVA_DRAIN_SECONDS: {
    type: 'int',
    default: 30,
    min: 0,
    description: 'time in-flight work gets to finish on SIGTERM',
  },
  OTEL_EXPORTER_OTLP_ENDPOINT: {
    type: 'string',
    default: '',
    pattern: /^https?:\/\/\S+$/,
    description: 'OTLP/HTTP base URL traces and metrics are exported to; empty = telemetry off',
  },
  OTEL_BSP_SCHEDULE_DELAY: {
    type: 'int',
    default: 5000,
    min: 1,
    description: 'ms between exports of buffered spans (with OTEL_EXPORTER_OTLP_ENDPOINT)',
  },
  OTEL_METRIC_EXPORT_INTERVAL: {
    type: 'int',
    default: 60000,
    min: 100,
    description: 'ms between exports of OpenTelemetry metrics (with OTEL_EXPORTER_OTLP_ENDPOINT)',
  },
} as const satisfies EnvSpec;

/**
 * The SQS settings a queue-consuming service reads (`QueueServiceConfig`): the long-poll wait and
 * the visibility each heartbeat grants. The worker's runs are longer, so it raises the default.
 */
export const QUEUE_ENV = {
  LAVA_WAIT_SECONDS: { type: 'int', default: 20, min: 0, max: 20, description: 'SQS long-poll wait' },
  LAVA_VISIBILITY_SECONDS: {
    type: 'int',
    default: 30,
    min: 5,
    max: 43200,
    description: 'visibility granted per heartbeat',
  },
} as const satisfies EnvSpec;
