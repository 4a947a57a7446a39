import { parseDuration } from '@lava/core';
import { COMMON_ENV, ConfigError, QUEUE_ENV, readEnv, type EnvValues } from '@lava/service-kit';

/** The environment this service reads (also the source of docs/reference/configuration.md). */
export const AUDIT_ENV = {
  ...COMMON_ENV,
  LAVA_AUDIT_CONCURRENCY: {
    type: 'int',
    // Events wait up to LAVA_COALESCE_MS in flight for the rest of their run: 1,000 events/s
    // held 500 ms each is 500 in flight. An in-flight message costs a few KB.
    default: 512,
    min: 1,
    max: 2048,
    description: 'audit messages handled at once',
  },
  ...QUEUE_ENV,
  LAVA_EVENT_TTL: {
    type: 'string',
    default: '2d',
    description: 'events item lifetime after its latest event (duration; "off" or 0 keeps items forever)',
  },
  LAVA_LOST_AFTER: {
    type: 'string',
    default: '1h',
    description:
      'a run sent to a legacy_workers fleet and not started within this duration is recorded as lost ("off" disables)',
  },
  LAVA_AUDIT_GATHER_MS: {
    type: 'int',
    // A run's events (4 messages) arrive spread over its run time; at 10 runs/s a receive after
    // 25 ms carried ~3 messages, after 200 ms ~8. History is then written at most 200 ms later.
    default: 200,
    min: 0,
    max: 1000,
    description: 'after a partial SQS receive, wait this long before the next one: fewer requests per event',
  },
  LAVA_COALESCE_MS: {
    type: 'int',
    default: 500,
    min: 0,
    max: 1000,
    description:
      'how long events of one run are gathered into one write (a run is written sooner, right after its outcome arrives)',
  },
} as const;

export type AuditLoggerConfig = EnvValues<typeof AUDIT_ENV> & {
  /** EVENT_TTL in seconds; 0 = no expiry. */
  eventTtlSeconds: number;
  /** LOST_AFTER in seconds; 0 = start checks off. */
  lostAfterSeconds: number;
  env: Readonly<Record<string, string | undefined>>;
};

/** Reads the audit logger's environment once, at the boundary. */
export function loadAuditLoggerConfig(env: NodeJS.ProcessEnv): AuditLoggerConfig {
  const values = readEnv(AUDIT_ENV, env);
  return {
    ...values,
    eventTtlSeconds: durationOrOff('LAVA_EVENT_TTL', values.LAVA_EVENT_TTL),
    lostAfterSeconds: durationOrOff('LAVA_LOST_AFTER', values.LAVA_LOST_AFTER),
    env: { ...env },
  };
}

/** Whole seconds of a duration setting; "off" (or none/null/false) and 0 mean 0. */
function durationOrOff(name: string, raw: string): number {
  if (/^(off|none|null|false)$/i.test(raw.trim())) return 0;
  try {
    return Math.max(0, Math.floor(parseDuration(raw)));
  } catch (e) {
    throw new ConfigError([`${name}=${JSON.stringify(raw)} is not a duration: ${(e as Error).message}`]);
  }
}
