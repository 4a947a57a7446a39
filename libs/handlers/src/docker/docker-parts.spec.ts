import { BadParametersError } from '../errors';
import { isOrphan } from './container-reaper';
import { containerSettings } from './docker-host-config';
import { parseImageRef } from './image-ref';

describe('parseImageRef', () => {
  it.each([
    ['debian', undefined, { registry: undefined, image: 'debian:latest' }],
    ['debian:bookworm-slim', undefined, { registry: undefined, image: 'debian:bookworm-slim' }],
    ['team/etl', undefined, { registry: undefined, image: 'team/etl:latest' }],
    ['127.0.0.1:5000/etl', undefined, { registry: '127.0.0.1:5000', image: '127.0.0.1:5000/etl:latest' }],
    ['localhost/etl:2', undefined, { registry: 'localhost', image: 'localhost/etl:2' }],
    [
      'reg.example.com/a/b@sha256:abc',
      undefined,
      { registry: 'reg.example.com', image: 'reg.example.com/a/b@sha256:abc' },
    ],
    ['team/etl:1.2', '1234.dkr.ecr.x', { registry: '1234.dkr.ecr.x', image: '1234.dkr.ecr.x/team/etl:1.2' }],
    ['other.io/etl', '1234.dkr.ecr.x', { registry: 'other.io', image: 'other.io/etl:latest' }],
  ])('%s (connection registry %s)', (payload, registry, expected) => {
    expect(parseImageRef(payload, registry)).toEqual(expected);
  });
});

describe('containerSettings (host_config)', () => {
  it('maps the original names to the Docker API', () => {
    expect(
      containerSettings({
        mem_limit: '64m',
        memswap_limit: 1024,
        shm_size: '1g',
        nano_cpus: 500_000_000,
        cpuset_cpus: '0,1',
        network_mode: 'none',
        network_disabled: true,
        extra_hosts: { db: '10.0.0.5' },
        group_add: [100],
        user: '1000:1000',
        working_dir: '/w',
        hostname: 'h',
      }),
    ).toEqual({
      hostConfig: {
        Memory: 64 * 1024 ** 2,
        MemorySwap: 1024,
        ShmSize: 1024 ** 3,
        NanoCpus: 500_000_000,
        CpusetCpus: '0,1',
        NetworkMode: 'none',
        ExtraHosts: ['db:10.0.0.5'],
        GroupAdd: ['100'],
      },
      networkDisabled: true,
      user: '1000:1000',
      workingDir: '/w',
      hostname: 'h',
    });
  });

  it('refuses unknown keys and bad sizes', () => {
    expect(() => containerSettings({ privileged: true })).toThrow(BadParametersError);
    expect(() => containerSettings({ privileged: true })).toThrow('host_config: unexpected keys: privileged');
    expect(() => containerSettings({ mem_limit: 'lots' })).toThrow('host_config.mem_limit: bad size "lots"');
  });
});

describe('isOrphan', () => {
  const me = { host: 'h1', pid: 100 };
  const labels = (host: string, pid: string) => ({ 'lava.host': host, 'lava.pid': pid });
  it.each([
    ['a dead worker on this host', labels('h1', '7'), false, true],
    ['a live worker on this host', labels('h1', '7'), true, false],
    ['an earlier process with my pid', labels('h1', '100'), true, true],
    ['another host', labels('h2', '7'), false, false],
    ['no pid label', { 'lava.host': 'h1' }, false, false],
  ])('%s', (_what, l, alive, expected) => {
    expect(isOrphan(l, me, () => alive)).toBe(expected);
  });
});
