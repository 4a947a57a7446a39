import { isValidTimezone } from '@lava/cron';
import { NO_DISPATCH_FILE } from '@lava/scheduling';
import { COMMON_ENV, ConfigError, readEnv, type EnvValues } from '@lava/service-kit';

/** The environment this service reads (also the source of docs/reference/configuration.md). */
export const SCHEDULER_ENV = {
  ...COMMON_ENV,
  LAVA_DISPATCHERS: {
    type: 'string',
    pattern: /^\s*[^,=\s]+(\s*=\s*[^,=\s]+)?(\s*,\s*[^,=\s]+(\s*=\s*[^,=\s]+)?)*\s*$/,
    description:
      'dispatcher names this scheduler serves, comma separated; `name=Zone` gives one its own time zone',
  },
  CRON_TZ: {
    type: 'string',
    default: 'UTC',
    description: 'default time zone of schedules (the original crontab CRON_TZ)',
  },
  LAVA_LEASE_MS: { type: 'int', default: 10_000, min: 1_000, description: 'lease duration per dispatcher' },
  LAVA_LEASE_RENEW_MS: {
    type: 'int',
    default: 3_000,
    min: 100,
    description: 'leader renews (followers retry) this often',
  },
  LAVA_LEASE_MARGIN_MS: {
    type: 'int',
    default: 2_000,
    min: 0,
    description: 'a leader stops firing this long before its lease expires',
  },
  LAVA_CHANGE_POLL_MS: {
    type: 'int',
    default: 2_000,
    min: 100,
    description: 'how often changed jobs are reloaded',
  },
  LAVA_NUDGE_POLL_MS: {
    type: 'int',
    default: 1_000,
    min: 100,
    description: 'how often the "jobs changed" marker (bumped by lava job put) is read',
  },
  LAVA_RECONCILE_MS: {
    type: 'int',
    default: 60_000,
    min: 1_000,
    description: 'how often the whole job list is reloaded (catches deletions)',
  },
  LAVA_PUBLISH_CONCURRENCY: {
    type: 'int',
    default: 16,
    min: 1,
    max: 64,
    description: 'PutEvents calls in flight at once',
  },
  LAVA_MISSED_HORIZON_SECONDS: {
    type: 'int',
    default: 86_400,
    min: 0,
    description: 'catch-up looks back at most this far',
  },
  LAVA_CHECK_DISPATCH: {
    type: 'bool',
    default: false,
    description:
      "while LAVA_NO_DISPATCH_FILE exists, this replica releases its dispatcher leases and takes none, so another replica fires (the original's --check-dispatch); a fire due before the release is skipped as a Schedule Missed",
  },
  LAVA_NO_DISPATCH_FILE: {
    type: 'string',
    default: NO_DISPATCH_FILE,
    description:
      'the dispatch suppression file checked with LAVA_CHECK_DISPATCH (create it: lava schedule no-dispatch on)',
  },
  LAVA_MAX_MISSED_EVENTS: {
    type: 'int',
    default: 10,
    min: 0,
    description: 'Schedule Missed events per job and catch-up',
  },
} as const;

/** One dispatcher this scheduler serves, with its schedule time zone. */
export interface DispatcherSpec {
  name: string;
  timezone: string;
}

export type SchedulerConfig = EnvValues<typeof SCHEDULER_ENV> & {
  dispatchers: DispatcherSpec[];
  env: Readonly<Record<string, string | undefined>>;
};

/**
 * Reads the scheduler's environment once. `LAVA_DISPATCHERS=main,nz=Pacific/Auckland` serves
 * two dispatchers, `nz` in its own zone and `main` in `CRON_TZ`.
 * @throws ConfigError listing every problem.
 */
export function loadSchedulerConfig(env: NodeJS.ProcessEnv): SchedulerConfig {
  const values = readEnv(SCHEDULER_ENV, env);
  const dispatchers = parseDispatchers(values.LAVA_DISPATCHERS, values.CRON_TZ);
  const problems = [values.CRON_TZ, ...dispatchers.map((d) => d.timezone)]
    .filter((tz, i, all) => all.indexOf(tz) === i && !isValidTimezone(tz))
    .map((tz) => `unknown time zone "${tz}" (CRON_TZ or LAVA_DISPATCHERS)`);
  const names = dispatchers.map((d) => d.name);
  if (new Set(names).size !== names.length)
    problems.push(`LAVA_DISPATCHERS names a dispatcher twice: ${values.LAVA_DISPATCHERS}`);
  if (values.LAVA_LEASE_RENEW_MS + values.LAVA_LEASE_MARGIN_MS >= values.LAVA_LEASE_MS) {
    problems.push('LAVA_LEASE_RENEW_MS + LAVA_LEASE_MARGIN_MS must be below LAVA_LEASE_MS');
  }
  if (problems.length) throw new ConfigError(problems);
  return { ...values, dispatchers, env: { ...env } };
}

/** `a, b=Europe/London` -> [{a, defaultTz}, {b, Europe/London}]. */
export function parseDispatchers(text: string, defaultTz: string): DispatcherSpec[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name = '', tz] = part.split('=').map((s) => s.trim());
      return { name, timezone: tz || defaultTz };
    });
}
