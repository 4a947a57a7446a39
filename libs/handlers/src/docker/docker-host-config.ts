import { DOCKER_HOST_CONFIG_KEYS } from '@lava/core';
import { BadParametersError } from '../errors';

/** `host_config` turned into the Docker API's container and host settings. */
export interface ContainerSettings {
  hostConfig: Record<string, unknown>;
  hostname?: string;
  domainname?: string;
  user?: string;
  workingDir?: string;
  networkDisabled?: boolean;
}

/** docker-py name → Docker API `HostConfig` field, for values passed through as they are. */
const PASS_THROUGH: Readonly<Record<string, string>> = {
  cap_add: 'CapAdd',
  cap_drop: 'CapDrop',
  cpu_period: 'CpuPeriod',
  cpu_quota: 'CpuQuota',
  cpu_shares: 'CpuShares',
  cpuset_cpus: 'CpusetCpus',
  cpuset_mems: 'CpusetMems',
  dns: 'Dns',
  dns_opt: 'DnsOptions',
  dns_search: 'DnsSearch',
  mem_swappiness: 'MemorySwappiness',
  nano_cpus: 'NanoCpus',
  network_mode: 'NetworkMode',
};
/** Sizes written as bytes or `512m`-style strings. */
const SIZES: Readonly<Record<string, string>> = {
  mem_limit: 'Memory',
  memswap_limit: 'MemorySwap',
  shm_size: 'ShmSize',
};

/**
 * Maps a docker job's `host_config` (the original's docker-py names) to Docker API settings.
 * Unknown keys are refused (the allowed list is `DOCKER_HOST_CONFIG_KEYS`).
 *
 * @example containerSettings({ mem_limit: '64m', network_mode: 'none' }).hostConfig // { Memory: 67108864, NetworkMode: 'none' }
 */
export function containerSettings(raw: unknown): ContainerSettings {
  if (raw === undefined || raw === null) return { hostConfig: {} };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw bad('host_config must be a map');
  const entries = Object.entries(raw as Record<string, unknown>);
  const unknown = entries
    .map(([k]) => k)
    .filter((k) => !(DOCKER_HOST_CONFIG_KEYS as readonly string[]).includes(k));
  if (unknown.length) throw bad(`host_config: unexpected keys: ${unknown.sort().join(', ')}`);
  const out: ContainerSettings = { hostConfig: {} };
  for (const [key, value] of entries) {
    if (PASS_THROUGH[key]) out.hostConfig[PASS_THROUGH[key]] = value;
    else if (SIZES[key]) out.hostConfig[SIZES[key]] = bytes(key, value);
    else if (key === 'extra_hosts') out.hostConfig.ExtraHosts = extraHosts(value);
    else if (key === 'group_add') out.hostConfig.GroupAdd = list(key, value).map(String);
    else if (key === 'network_disabled') out.networkDisabled = value === true || value === 'true';
    else if (key === 'hostname') out.hostname = String(value);
    else if (key === 'domainname') out.domainname = String(value);
    else if (key === 'user') out.user = String(value);
    else if (key === 'working_dir') out.workingDir = String(value);
  }
  return out;
}

const UNITS: Readonly<Record<string, number>> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Docker's size notation: a byte count, or a number with `b`, `k`, `m` or `g` (binary units). */
export function bytes(key: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= -1) return value;
  const m = typeof value === 'string' ? /^(\d+)\s*([bkmg])?b?$/i.exec(value.trim()) : null;
  if (!m) throw bad(`host_config.${key}: bad size ${JSON.stringify(value)}`);
  return Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]!;
}

function extraHosts(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (value && typeof value === 'object')
    return Object.entries(value as Record<string, unknown>).map(([host, ip]) => `${host}:${String(ip)}`);
  throw bad('host_config.extra_hosts must be a map of host to address or a list of host:address');
}

function list(key: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw bad(`host_config.${key} must be a list`);
  return value;
}

function bad(detail: string): BadParametersError {
  return new BadParametersError('docker', detail);
}
