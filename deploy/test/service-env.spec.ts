import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { synthesize } from './synth-fixture';

// The variables the CDK app and docker-compose.yml set, against the ones each service's config
// actually reads (services/<name>/src/*config.ts plus COMMON_ENV of @lava/service-kit): a
// renamed variable fails here instead of being silently ignored at boot.
const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const SERVICES = ['scheduler', 'dispatcher', 'worker', 'secrets-broker', 'audit-logger', 'api'] as const;

/** Keys of the env specs in a config source: `  LAVA_X: {` lines. */
function declaredKeys(source: string): string[] {
  return [...source.matchAll(/^\s+([A-Z][A-Z0-9_]+): \{/gm)].map((m) => m[1]!);
}

const COMMON = declaredKeys(read('libs/service-kit/src/env-config.ts'));
function readsOf(service: string): Set<string> {
  const dir = `services/${service}/src`;
  const configs = readdirSync(join(ROOT, dir)).filter((f) => /config\.ts$/.test(f) && !f.endsWith('spec.ts'));
  return new Set([...COMMON, ...configs.flatMap((f) => declaredKeys(read(`${dir}/${f}`)))]);
}

/** A `LAVA_<NAME>_PEM` secret becomes `LAVA_<NAME>` (a file path) through docker/entrypoint.js. */
const effective = (name: string) => name.replace(/_PEM$/, '');

describe('the key parser (control)', () => {
  it('finds the broker and worker variables of their configs', () => {
    expect([...readsOf('secrets-broker')]).toEqual(
      expect.arrayContaining(['LAVA_BROKER_PORT', 'LAVA_BROKER_TLS_KEY', 'LAVA_REALM', 'LAVA_HEALTH_PORT']),
    );
    expect(readsOf('worker').has('LAVA_BROKER_URL')).toBe(true);
    expect(readsOf('worker').has('LAVA_BROKER_PORT')).toBe(false);
  });
});

describe('CDK task definitions', () => {
  const { services } = synthesize();
  const container = (family: string) => {
    const def = Object.values(
      services.findResources('AWS::ECS::TaskDefinition', { Properties: { Family: family } }),
    )[0]!;
    return def.Properties.ContainerDefinitions[0] as {
      Environment: { Name: string; Value: string }[];
      Secrets?: { Name: string; ValueFrom: unknown }[];
      User?: string;
      LinuxParameters?: { Capabilities?: { Add?: string[]; Drop?: string[] } };
    };
  };
  const env = (family: string) =>
    Object.fromEntries(container(family).Environment.map((e) => [e.Name, e.Value]));
  const families = SERVICES.flatMap((s) =>
    s === 'worker'
      ? [
          ['worker', 'lava-acme-worker-core'],
          ['worker', 'lava-acme-worker-batch'],
        ]
      : [[s, `lava-acme-${s}`]],
  );

  it.each(families)('%s (%s) sets only variables its config reads', (service, family) => {
    const names = [
      ...container(family).Environment.map((e) => e.Name),
      ...(container(family).Secrets ?? []).map((s) => s.Name),
    ];
    expect(names.map(effective).filter((n) => !readsOf(service).has(n))).toEqual([]);
  });

  it('runs the broker API on all interfaces of its task, on brokerPort, over TLS from the operator secret', () => {
    expect(env('lava-acme-secrets-broker')).toMatchObject({
      LAVA_BROKER_HOST: '0.0.0.0',
      LAVA_BROKER_PORT: '8081',
    });
    const secrets = Object.fromEntries(
      (container('lava-acme-secrets-broker').Secrets ?? []).map((s) => [s.Name, JSON.stringify(s.ValueFrom)]),
    );
    expect(Object.keys(secrets).sort()).toEqual(['LAVA_BROKER_TLS_CERT_PEM', 'LAVA_BROKER_TLS_KEY_PEM']);
    expect(secrets.LAVA_BROKER_TLS_CERT_PEM).toMatch(/:secret:lava\/acme\/_broker-tls:cert::"/);
    expect(secrets.LAVA_BROKER_TLS_KEY_PEM).toMatch(/:secret:lava\/acme\/_broker-tls:key::"/);
  });

  it('points every worker at the broker over https with the CA from SSM', () => {
    for (const fleet of ['core', 'batch']) {
      expect(env(`lava-acme-worker-${fleet}`).LAVA_BROKER_URL).toBe(
        'https://secrets-broker.acme.lava.internal:8081',
      );
      const secrets = container(`lava-acme-worker-${fleet}`).Secrets ?? [];
      expect(secrets.map((s) => s.Name)).toEqual(['LAVA_BROKER_CA_PEM']);
      expect(JSON.stringify(secrets[0]!.ValueFrom)).toContain(':parameter/lava-pki/acme/broker-ca');
    }
  });

  it('runs workers as root with uid isolation and only the capabilities it uses; other services as the image user', () => {
    // Docker's default set; Fargate adds none but SYS_PTRACE, so what is kept is default minus dropped.
    const dockerDefault = [
      'AUDIT_WRITE',
      'CHOWN',
      'DAC_OVERRIDE',
      'FOWNER',
      'FSETID',
      'KILL',
      'MKNOD',
      'NET_BIND_SERVICE',
      'NET_RAW',
      'SETFCAP',
      'SETGID',
      'SETPCAP',
      'SETUID',
      'SYS_CHROOT',
    ];
    for (const fleet of ['core', 'batch']) {
      const worker = container(`lava-acme-worker-${fleet}`);
      expect(env(`lava-acme-worker-${fleet}`)).toMatchObject({
        LAVA_JOB_ISOLATION: 'uid',
        LAVA_JOB_UID_RANGE: '20000-20999',
      });
      expect(worker.User).toBe('0');
      expect(worker.LinuxParameters?.Capabilities?.Add ?? []).toEqual([]);
      const kept = dockerDefault.filter((c) => !worker.LinuxParameters?.Capabilities?.Drop?.includes(c));
      expect(kept).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'KILL', 'SETGID', 'SETUID']);
    }
    for (const [, family] of families.filter(([s]) => s !== 'worker')) {
      expect(container(family!).User).toBeUndefined();
      expect(container(family!).LinuxParameters).toBeUndefined();
    }
  });

  it('takes the TLS secret, CA parameter and broker port from context', () => {
    const { services: t } = synthesize({
      brokerTlsSecret: 'pki/acme-broker',
      brokerCaParameter: '/pki/acme/ca',
      brokerPort: '9443',
    });
    const json = JSON.stringify(t.toJSON());
    expect(json).toContain(':secret:pki/acme-broker:key::');
    expect(json).toContain(':parameter/pki/acme/ca');
    expect(json).toContain('https://secrets-broker.acme.lava.internal:9443');
  });
});

describe('docker-compose.yml', () => {
  const compose = YAML.parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, { environment: Record<string, string> }>;
  };

  it.each(SERVICES)('%s sets only variables its config reads (and the AWS SDK settings)', (service) => {
    const names = Object.keys(compose.services[service]!.environment).filter((n) => !n.startsWith('AWS_'));
    expect(names.filter((n) => !readsOf(service).has(n))).toEqual([]);
  });

  it('wires the worker to the broker by service name and port, plain HTTP on the compose network', () => {
    const broker = compose.services['secrets-broker']!.environment;
    expect(broker).toMatchObject({ LAVA_BROKER_HOST: '0.0.0.0', LAVA_BROKER_PORT: '8081' });
    expect(compose.services.worker!.environment.LAVA_BROKER_URL).toBe(
      `http://secrets-broker:${broker.LAVA_BROKER_PORT}`,
    );
  });
});
