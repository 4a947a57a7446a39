import { DeployConfigError } from './errors';
import { SERVICE_NAMES, type ServiceName } from './naming';

/** One worker fleet: its own queue `lava-<realm>-<name>`, ECS service and scaling bounds. */
export interface FleetConfig {
  /** Worker name; also the queue suffix. */
  name: string;
  /** Fargate CPU units (256, 512, 1024, 2048, 4096). */
  cpu: number;
  /** Fargate memory in MiB, valid for the CPU size. */
  memoryMiB: number;
  minTasks: number;
  maxTasks: number;
  /** Jobs one task runs at once (`LAVA_WORKER_CONCURRENCY`). */
  concurrency: number;
  /** Target of the autoscaling policy: queued plus in-flight messages per running task. */
  backlogPerTask: number;
  /** Receives before a message goes to the fleet's DLQ. */
  maxReceiveCount: number;
}

/** Everything the CDK app reads from context, validated once in {@link readDeployConfig}. */
export interface DeployConfig {
  realm: string;
  /** Image reference prefix: `<imageRegistry>/<service>:<tag>` (e.g. an ECR registry host + `/lava`). */
  imageRegistry: string;
  /** Tag per service; `imageTag` context is the default, `imageTags` overrides per service. */
  imageTags: Record<ServiceName, string>;
  fleets: FleetConfig[];
  schedulerReplicas: number;
  logRetentionDays: number;
  natGateways: number;
  /** Port of the secrets broker's grant endpoint inside the VPC. */
  brokerPort: number;
  /** Create the account-wide `lava.realms` table in this realm's stack (once per account). */
  createRealmsTable: boolean;
  /** Days before run outputs under `tmp/` expire (reference `tmpExpiryDays`, default 3). */
  tmpExpiryDays: number;
  /** Optional address subscribed to the notices topic (alarms, missed schedules). */
  alarmEmail?: string;
}

type ContextReader = (key: string) => unknown;

const NAME = /^[a-z0-9][a-z0-9-]{0,30}$/;
const FARGATE_CPU = [256, 512, 1024, 2048, 4096, 8192, 16384];
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export const DEFAULT_FLEETS: FleetConfig[] = [
  { name: 'core', cpu: 1024, memoryMiB: 2048, minTasks: 1, maxTasks: 10, concurrency: 16, backlogPerTask: 32, maxReceiveCount: 10 },
];

/**
 * Reads and validates the app's context. Values given on the command line arrive as strings
 * (`-c fleets='[...]'`), values from cdk.json as JSON, so both forms are accepted.
 *
 * @example readDeployConfig((k) => app.node.tryGetContext(k))
 */
export function readDeployConfig(get: ContextReader): DeployConfig {
  const realm = str(get, 'realm', 'demo');
  if (!NAME.test(realm)) throw new DeployConfigError('realm', `"${realm}" must match ${NAME}`);
  const defaultTag = str(get, 'imageTag', 'latest');
  const config: DeployConfig = {
    realm,
    imageRegistry: str(get, 'imageRegistry', 'lava'),
    imageTags: imageTags(get, defaultTag),
    fleets: fleets(get),
    schedulerReplicas: int(get, 'schedulerReplicas', 2, 2, 10),
    logRetentionDays: int(get, 'logRetentionDays', 30, 1, 3653),
    natGateways: int(get, 'natGateways', 1, 0, 3),
    brokerPort: int(get, 'brokerPort', 8081, 1024, 65535),
    createRealmsTable: bool(get, 'createRealmsTable', true),
    tmpExpiryDays: int(get, 'tmpExpiryDays', 3, 1, 3650),
    alarmEmail: optionalStr(get, 'alarmEmail'),
  };
  if (!LOG_RETENTION_DAYS.includes(config.logRetentionDays)) {
    throw new DeployConfigError('logRetentionDays', `must be one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }
  return config;
}

function fleets(get: ContextReader): FleetConfig[] {
  const raw = json(get, 'fleets');
  if (raw === undefined) return DEFAULT_FLEETS;
  if (!Array.isArray(raw) || raw.length === 0) throw new DeployConfigError('fleets', 'must be a non-empty array');
  const parsed = raw.map((item, i) => fleet(item, `fleets[${i}]`));
  const names = new Set(parsed.map((f) => f.name));
  if (names.size !== parsed.length) throw new DeployConfigError('fleets', 'fleet names must be unique');
  for (const reserved of ['dispatch', 'audit', 's3events']) {
    if (names.has(reserved)) throw new DeployConfigError('fleets', `"${reserved}" is a service queue name`);
  }
  return parsed;
}

function fleet(item: unknown, key: string): FleetConfig {
  if (typeof item !== 'object' || item === null) throw new DeployConfigError(key, 'must be an object');
  const get: ContextReader = (k) => (item as Record<string, unknown>)[k];
  const name = str(get, 'name', '', key);
  if (!NAME.test(name)) throw new DeployConfigError(`${key}.name`, `"${name}" must match ${NAME}`);
  const f: FleetConfig = {
    name,
    cpu: int(get, 'cpu', 1024, 256, 16384, key),
    memoryMiB: int(get, 'memoryMiB', 2048, 512, 122880, key),
    minTasks: int(get, 'minTasks', 1, 0, 1000, key),
    maxTasks: int(get, 'maxTasks', 10, 1, 1000, key),
    concurrency: int(get, 'concurrency', 16, 1, 1024, key),
    backlogPerTask: int(get, 'backlogPerTask', 32, 1, 100000, key),
    maxReceiveCount: int(get, 'maxReceiveCount', 10, 1, 1000, key),
  };
  if (!FARGATE_CPU.includes(f.cpu)) throw new DeployConfigError(`${key}.cpu`, `must be one of ${FARGATE_CPU.join(', ')}`);
  if (f.minTasks > f.maxTasks) throw new DeployConfigError(`${key}.minTasks`, 'must not exceed maxTasks');
  return f;
}

function imageTags(get: ContextReader, defaultTag: string): Record<ServiceName, string> {
  const overrides = json(get, 'imageTags') ?? {};
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new DeployConfigError('imageTags', 'must be an object of service name to tag');
  }
  const tags = Object.fromEntries(SERVICE_NAMES.map((s) => [s, defaultTag])) as Record<ServiceName, string>;
  for (const [service, tag] of Object.entries(overrides)) {
    if (!(SERVICE_NAMES as readonly string[]).includes(service)) throw new DeployConfigError('imageTags', `unknown service "${service}"`);
    if (typeof tag !== 'string' || tag === '') throw new DeployConfigError(`imageTags.${service}`, 'must be a non-empty string');
    tags[service as ServiceName] = tag;
  }
  return tags;
}

function json(get: ContextReader, key: string): unknown {
  const value = get(key);
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new DeployConfigError(key, 'is not valid JSON');
  }
}

function str(get: ContextReader, key: string, fallback: string, parent?: string): string {
  const value = get(key) ?? fallback;
  if (typeof value !== 'string' || value === '') throw new DeployConfigError(qualify(parent, key), 'must be a non-empty string');
  return value;
}

function optionalStr(get: ContextReader, key: string): string | undefined {
  const value = get(key);
  return value === undefined || value === '' ? undefined : str(get, key, '');
}

function int(get: ContextReader, key: string, fallback: number, min: number, max: number, parent?: string): number {
  const raw = get(key) ?? fallback;
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new DeployConfigError(qualify(parent, key), `must be an integer from ${min} to ${max}`);
  }
  return value;
}

function bool(get: ContextReader, key: string, fallback: boolean): boolean {
  const raw = get(key) ?? fallback;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new DeployConfigError(key, 'must be true or false');
}

function qualify(parent: string | undefined, key: string): string {
  return parent ? `${parent}.${key}` : key;
}
