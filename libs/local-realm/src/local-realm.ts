import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceName } from '@lava/core';
import { lockDataDir } from './data-dir-lock';
import { seedRealm } from './demo-realm';
import { ProcessSupervisor } from './process-supervisor';
import { realmCredentials } from './realm-credentials';
import type { FormatOptions } from './log-format';

/** Service processes in start order: consumers first, then the producers that feed them. */
export const SERVICES: readonly ServiceName[] = [
  'audit-logger',
  'secrets-broker',
  'dispatcher',
  'worker',
  'scheduler',
  'api',
];

export interface LocalRealmOptions {
  /** Repository root (for scripts/run-ts.js, services/, samples/). */
  root: string;
  realm: string;
  workers: string[];
  /** aws-local port (0 = any free port). */
  port: number;
  /** Persistent data directory of aws-local; undefined = in memory. */
  dataDir?: string;
  /** Directory with `jobs/` and `payloads/` to seed, or undefined for none. */
  samplesDir?: string;
  format: FormatOptions;
  output?: (line: string) => void;
  /** Extra env for every service (LAVA_WORKER_CONCURRENCY...). */
  serviceEnv?: Record<string, string>;
  /** Services to start (default: every one that exists in the tree). */
  services?: readonly ServiceName[];
  /** Port of the HTTP API and console (default 0: any free port). */
  apiPort?: number;
}

export interface LocalRealm {
  endpoint: string;
  env: Record<string, string>;
  /** The realm's AWS shared-credentials file (SSM and Secrets Manager answer only its key). */
  credentialsFile: string;
  supervisor: ProcessSupervisor;
  /** Names of the processes that were started. */
  started: string[];
  /** URL of the HTTP API and web console, when the api service was started. */
  consoleUrl?: string;
  stop(): Promise<void>;
  /** Starts one more (or a restarted) service process, e.g. a second worker. */
  startService(name: ServiceName, processName?: string, env?: Record<string, string>): Promise<void>;
}

/**
 * A whole realm on this machine, each part its own process: the local AWS endpoint, then the
 * realm and sample jobs, then every service that exists. `npm start` and the end-to-end suites
 * both use this, so the tests exercise exactly what a user runs.
 */
export async function startLocalRealm(options: LocalRealmOptions): Promise<LocalRealm> {
  // A second realm on a data dir in use is refused here, before any port is bound.
  let unlock = () => undefined as void;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    unlock = lockDataDir(options.dataDir);
  }
  const available = (options.services ?? SERVICES).filter((s) => existsSync(serviceEntry(options.root, s)));
  const supervisor = new ProcessSupervisor(
    {
      runTs: join(options.root, 'scripts/run-ts.js'),
      baseEnv: process.env,
      format: options.format,
      output: options.output,
    },
    ['aws-local', ...available, 'worker-2'],
  );
  const credentials = realmCredentials(options.dataDir);
  const release = () => {
    unlock();
    credentials.cleanup();
  };
  let endpoint: string;
  try {
    endpoint = await startEndpoint(supervisor, options, credentials.file);
  } catch (err) {
    await supervisor.stopAll();
    release();
    throw err;
  }
  const env = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    LAVA_REALM: options.realm,
  };
  const started: string[] = ['aws-local'];
  try {
    await seedRealm({ realm: options.realm, workers: options.workers, samplesDir: options.samplesDir, env });
    // Services started after the secrets broker learn its URL from its ready line.
    const brokerEnv: Record<string, string> = {};
    let consoleUrl: string | undefined;
    const startService = async (
      name: ServiceName,
      processName = name,
      extra: Record<string, string> = {},
    ) => {
      const serviceEnv = {
        ...env,
        LAVA_WORKER: options.workers[0] ?? 'core',
        LAVA_HEALTH_PORT: '0',
        LAVA_BROKER_PORT: '0',
        // A local realm on a local endpoint: the console needs no sign-in (refused elsewhere).
        LAVA_API_AUTH: 'local',
        LAVA_API_PORT: String(options.apiPort ?? 0),
        ...brokerEnv,
        ...options.serviceEnv,
        ...extra,
      };
      const line = await supervisor.start({
        name: processName,
        entry: serviceEntry(options.root, name),
        env: serviceEnv,
      });
      if (name === 'secrets-broker') Object.assign(brokerEnv, brokerUrlEnv(line));
      if (name === 'api') consoleUrl = readyField(line, 'api_url');
      started.push(processName);
    };
    for (const name of available) await startService(name);
    const stop = async () => {
      await supervisor.stopAll();
      release();
    };
    return {
      endpoint,
      env,
      credentialsFile: credentials.file,
      supervisor,
      started,
      consoleUrl,
      stop,
      startService,
    };
  } catch (err) {
    await supervisor.stopAll();
    release();
    throw err;
  }
}

/** `LAVA_BROKER_URL` from the broker's JSON ready line (`broker_url`). */
function brokerUrlEnv(readyLine: string): Record<string, string> {
  return { LAVA_BROKER_URL: readyField(readyLine, 'broker_url') };
}

/** A string field of a service's JSON ready line. */
function readyField(readyLine: string, field: string): string {
  const json = readyLine.slice(readyLine.indexOf('{'));
  const value = (JSON.parse(json) as Record<string, unknown>)[field];
  if (typeof value !== 'string') throw new Error(`cannot read ${field} from the ready line: ${readyLine}`);
  return value;
}

function serviceEntry(root: string, name: string): string {
  return join(root, 'services', name, 'src', 'main.ts');
}

async function startEndpoint(
  supervisor: ProcessSupervisor,
  options: LocalRealmOptions,
  credentialsFile: string,
): Promise<string> {
  // SSM and Secrets Manager answer only the realm's own signed requests (its jobs never hold the key).
  const args = ['--port', String(options.port), '--secrets-credentials', credentialsFile];
  if (options.dataDir) args.push('--data-dir', options.dataDir);
  const line = await supervisor.start({
    name: 'aws-local',
    entry: join(options.root, 'libs/aws-local/bin/lava-aws-local.js'),
    args,
    readyText: 'listening on',
  });
  const url = /https?:\/\/\S+/.exec(line)?.[0];
  if (!url) throw new Error(`cannot read the endpoint URL from: ${line}`);
  return url;
}
