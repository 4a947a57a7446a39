import { COMMON_ENV, QUEUE_ENV, readEnv, type EnvValues } from '@lava/service-kit';

/** The environment this service reads (also the source of docs/reference/configuration.md). */
export const WORKER_ENV = {
  ...COMMON_ENV,
  LAVA_WORKER: {
    type: 'string',
    pattern: /^[a-z][-a-z0-9_]{2,10}$/,
    description: 'worker fleet name; the queue is lava-<realm>-<worker>',
  },
  LAVA_WORKER_CONCURRENCY: { type: 'int', default: 8, min: 1, max: 256, description: 'runs at once' },
  LAVA_TMPDIR: { type: 'string', default: '/tmp/lava', description: 'root of worker and run temp dirs' },
  LAVA_VISIBILITY_SECONDS: { ...QUEUE_ENV.LAVA_VISIBILITY_SECONDS, default: 60 },
  LAVA_LEASE_SECONDS: {
    type: 'int',
    default: 60,
    min: 5,
    description: 'run lease in the run ledger, renewed while running',
  },
  LAVA_WAIT_SECONDS: QUEUE_ENV.LAVA_WAIT_SECONDS,
  LAVA_HEARTBEAT_SECONDS: {
    type: 'int',
    default: 60,
    min: 0,
    description: 'period of the heartbeat log line (queue depth, runs in progress); 0 = none',
  },
  LAVA_DEV: { type: 'bool', default: false, description: 'dev mode: process output to the console, not S3' },
  LAVA_TZ: { type: 'string', default: 'UTC', description: 'local time zone of start/ts_start in templates' },
  LAVA_RENDER_TIMEOUT_MS: {
    type: 'int',
    default: 1000,
    min: 10,
    max: 60000,
    description:
      'render time budget of one run: all of its templates together (a render thread is held that long; one still running 250 ms past it is terminated); a job whose timeout is shorter gets its timeout',
  },
  LAVA_RENDER_THREADS: {
    type: 'int',
    default: 2,
    min: 1,
    max: 64,
    description:
      'render threads, started at boot: job templates render on them, never on the event loop that serves health checks and the other runs',
  },
  LAVA_RENDER_MAX_CHARS: {
    type: 'int',
    default: 10000000,
    min: 1000,
    description:
      'size budget of one template render: longest output, or string built while rendering, in characters',
  },
  LAVA_BROKER_URL: {
    type: 'string',
    default: '',
    pattern: /^https?:\/\/\S+$/,
    description: 'secrets broker base URL (https when deployed); empty = jobs cannot use connections',
  },
  LAVA_JOB_ISOLATION: {
    type: 'string',
    default: 'bwrap',
    pattern: /^(bwrap|uid|none)$/,
    description:
      'how job processes are isolated: bwrap (a bubblewrap sandbox per process), uid (each run under its own uid from LAVA_JOB_UID_RANGE; the worker runs as root, e.g. on ECS Fargate) or none (explicit fallback, no isolation)',
  },
  LAVA_JOB_UID_RANGE: {
    type: 'string',
    default: '20000-20999',
    pattern: /^\d+-\d+$/,
    description:
      'isolation uid: the uids (first-last, inclusive, within 1000-65533) runs are given, one per running run; at least LAVA_WORKER_CONCURRENCY of them',
  },
  LAVA_JOB_SANDBOX_RO_PATHS: {
    type: 'string',
    default: '',
    description: 'extra host paths (colon-separated) job sandboxes may read, e.g. an Oracle client',
  },
  LAVA_BROKER_CA: {
    type: 'string',
    default: '',
    description: 'PEM CA bundle file the broker certificate chains to (private CA)',
  },
} as const;

export type WorkerConfig = EnvValues<typeof WORKER_ENV> & {
  env: Readonly<Record<string, string | undefined>>;
};

/** Reads the worker's environment once; the snapshot also serves `LAVA_<KEY>` config lookups. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  return { ...readEnv(WORKER_ENV, env), env: { ...env } };
}
