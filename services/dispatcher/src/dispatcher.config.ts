import { COMMON_ENV, QUEUE_ENV, readEnv, type EnvValues } from '@lava/service-kit';

/** The environment this service reads (also the source of docs/reference/configuration.md). */
export const DISPATCHER_ENV = {
  ...COMMON_ENV,
  LAVA_DISPATCH_CONCURRENCY: {
    type: 'int',
    // A dispatch is four round trips (claim, run message, event, delete), each shared by up to
    // ten dispatches: it waits, it does not compute. At 16 a burst of 600 requests went through
    // at 40 runs/s with the worker waiting for work; at 64, 63 runs/s (load 4.5).
    default: 64,
    min: 1,
    max: 256,
    description: 'dispatch messages handled at once',
  },
  ...QUEUE_ENV,
  LAVA_MAX_DELAY_SECONDS: {
    type: 'int',
    default: 86400,
    min: 0,
    description: 'longest dispatch delay accepted (longer ones are rejected)',
  },
  LAVA_DELAY_HOP_SECONDS: {
    type: 'int',
    default: 900,
    min: 1,
    max: 900,
    description:
      'longest single SQS delay; longer delays hop through the dispatch queue (lower only in tests)',
  },
  LAVA_IDEMPOTENCY_TTL_SECONDS: {
    type: 'int',
    default: 86400,
    min: 60,
    description: 'how long an idempotency key blocks a repeat dispatch',
  },
  LAVA_GRANT_TTL_SECONDS: {
    type: 'int',
    default: 3600,
    min: 60,
    description: 'minimum run grant lifetime after the run may start',
  },
  LAVA_GRANT_RELOAD_SECONDS: {
    type: 'int',
    default: 300,
    min: 1,
    description: 'how often the grant keyring is re-read (rotation)',
  },
  LAVA_JOB_CACHE_MS: { type: 'int', default: 2000, min: 0, description: 'job record cache lifetime' },
  LAVA_DEEP_MERGE: {
    type: 'bool',
    default: false,
    description: 'deep-merge parameters/globals unless a request says otherwise',
  },
  LAVA_TZ: { type: 'string', default: 'UTC', description: 'time zone of ts_dispatch' },
  LAVA_TRIGGER_CONCURRENCY: {
    type: 'int',
    default: 8,
    min: 1,
    max: 256,
    description: 'trigger-queue messages (S3 and rule events) handled at once',
  },
  LAVA_S3TRIGGER_CACHE_TTL_SECONDS: {
    type: 'int',
    default: 10,
    min: 0,
    description:
      'how long s3trigger and rule lookups are cached (the original S3TRIGGER_CACHE_TTL); edits take up to this long to apply',
  },
  LAVA_S3TRIGGER_DEDUP_CACHE_SIZE: {
    type: 'int',
    default: 0,
    min: 0,
    description:
      'S3 events remembered for the dedup window (the original S3TRIGGER_DEDUP_CACHE_SIZE); 0 turns the window off',
  },
  LAVA_S3TRIGGER_DEDUP_TTL_SECONDS: {
    type: 'int',
    default: 30,
    min: 1,
    description:
      'dedup window: a repeat of (bucket, key, event type, size) within it is dropped (the original S3TRIGGER_DEDUP_TTL)',
  },
} as const;

export type DispatcherConfig = EnvValues<typeof DISPATCHER_ENV> & {
  env: Readonly<Record<string, string | undefined>>;
};

/** Reads the dispatcher's environment once, at the boundary. */
export function loadDispatcherConfig(env: NodeJS.ProcessEnv): DispatcherConfig {
  return { ...readEnv(DISPATCHER_ENV, env), env: { ...env } };
}
