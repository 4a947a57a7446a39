import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { HEALTH_CHECK_COMMAND, HEALTH_PORT } from '../src/services/lava-service.construct';

// Lint of every Dockerfile: dockerfile-utils' validator (syntax and semantics, the checks of the
// VS Code Docker extension) plus the project's rules from the containers issue.
const ROOT = join(__dirname, '..', '..');
const SERVICES = ['scheduler', 'dispatcher', 'worker', 'secrets-broker', 'audit-logger', 'api'];
/** The one Dockerfile of the six services, and the stage each image ends in. */
const SERVICE_FILE = 'docker/service.Dockerfile';
const TARGET: Record<string, string> = { api: 'api', 'secrets-broker': 'secrets-broker' };
const targetOf = (service: string) => TARGET[service] ?? 'service';
const FILES = [SERVICE_FILE, 'docker/cli.Dockerfile', 'docker/aws-local.Dockerfile'];
/** Images built from other images (no Node build of their own): the full worker, local databases. */
const DERIVED = [
  'docker/worker-full.Dockerfile',
  'docker/db/postgres.Dockerfile',
  'docker/db/mariadb.Dockerfile',
];
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Instructions of the last stage (after the last FROM). */
function finalStage(content: string): Instruction[] {
  const all = DockerfileParser.parse(content).getInstructions();
  const lastFrom = all.map((i) => i.getKeyword()).lastIndexOf('FROM');
  return all.slice(lastFrom);
}

/** Instructions from the last FROM on the Node base to the end: the runtime stage and the stages built on it. */
function runtimeStages(content: string): Instruction[] {
  const all = DockerfileParser.parse(content).getInstructions();
  const froms = all.filter(
    (i) => i.getKeyword() === 'FROM' && i.getArgumentsContent()!.startsWith('${NODE_IMAGE}'),
  );
  return all.slice(all.indexOf(froms.at(-1)!));
}

/** Text of stage `name` and of the stages it is built on, base first. */
function stageChainText(content: string, name: string): string {
  const lines = content.split('\n');
  const froms = DockerfileParser.parse(content)
    .getInstructions()
    .filter((i) => i.getKeyword() === 'FROM');
  const at = froms.findIndex((f) => f.getArgumentsContent()!.endsWith(` AS ${name}`));
  expect(at).toBeGreaterThanOrEqual(0);
  const from = froms[at]!;
  const text = lines.slice(from.getRange().start.line, froms[at + 1]?.getRange().start.line).join('\n');
  const base = from.getArgumentsContent()!.split(' ')[0]!;
  return base.startsWith('${') ? text : `${stageChainText(content, base)}\n${text}`;
}

function keywords(instructions: Instruction[], keyword: string): Instruction[] {
  return instructions.filter((i) => i.getKeyword() === keyword);
}

describe.each(FILES)('%s', (file) => {
  const content = read(file);
  const instructions = DockerfileParser.parse(content).getInstructions();
  const runtime = runtimeStages(content);

  it('passes the dockerfile-utils validator with no diagnostics', () => {
    expect(validate(content).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('is multi-stage from a pinned Node 22 LTS slim base', () => {
    const froms = keywords(instructions, 'FROM').map((i) => i.getArgumentsContent()!);
    expect(froms.length).toBeGreaterThanOrEqual(3);
    // Each stage starts from the Node base or from an earlier stage.
    const earlier = (i: number) => froms.slice(0, i).map((f) => f.split(' AS ')[1]);
    froms.forEach((from, i) => {
      expect(from).toMatch(/^\S+ AS [a-z-]+$/);
      const base = from.split(' ')[0]!;
      if (base !== '${NODE_IMAGE}') expect(earlier(i)).toContain(base);
    });
    const arg = keywords(instructions, 'ARG').find((i) => i.getArgumentsContent()?.startsWith('NODE_IMAGE='));
    expect(arg?.getArgumentsContent()).toMatch(/^NODE_IMAGE=node:22\.\d+\.\d+-(bookworm|trixie)-slim$/);
  });

  it('ships only the compiled tree from the build stage into the runtime stage', () => {
    const lines = content.split('\n');
    const copies = keywords(runtime, 'COPY').map((i) => lines[i.getRange().start.line]);
    expect(copies).toEqual(['COPY --from=build /out/ ./']);
    expect(keywords(instructions, 'ADD')).toEqual([]);
    expect(content).not.toMatch(/npm (install|i) /);
    expect(content).toMatch(/npm ci --ignore-scripts/);
  });

  it('runs as a non-root user with tini as PID 1 and SIGTERM as the stop signal', () => {
    const users = keywords(runtime, 'USER').map((i) => i.getArgumentsContent());
    expect(users).toEqual(['node']);
    const entrypoint = keywords(runtime, 'ENTRYPOINT')[0]!.getArgumentsContent()!;
    expect(JSON.parse(entrypoint).slice(0, 2)).toEqual(['/usr/bin/tini', '--']);
    expect(keywords(runtime, 'STOPSIGNAL').map((i) => i.getArgumentsContent())).toEqual(['SIGTERM']);
    // Nothing may run as root after the switch.
    const afterUser = runtime.slice(runtime.indexOf(keywords(runtime, 'USER')[0]!));
    expect(keywords(afterUser, 'RUN')).toEqual([]);
  });

  it('builds with the classic builder, the npm CA bundle used by the build stage only', () => {
    expect(content).not.toMatch(/^# syntax=/m);
    const lines = content.split('\n');
    const runtimeText = lines.slice(runtime[0]!.getRange().start.line).join('\n');
    expect(runtimeText).not.toContain('.build-ca.pem');
    expect(content).toContain('! -path ./docker/.build-ca.pem -delete');
    expect(content).toContain(
      'export npm_config_cafile=/src/docker/.build-ca.pem NODE_EXTRA_CA_CERTS=/src/docker/.build-ca.pem',
    );
    expect(content).toContain('ENV npm_config_nodedir=/usr/local');
  });

  it('installs apt packages lean (no recommends, lists removed)', () => {
    for (const run of keywords(instructions, 'RUN').map((i) => i.getArgumentsContent()!)) {
      if (!run.includes('apt-get install')) continue;
      expect(run).toContain('--no-install-recommends');
      expect(run).toContain('rm -rf /var/lib/apt/lists/*');
    }
  });
});

describe(SERVICE_FILE, () => {
  const content = read(SERVICE_FILE);
  const instructions = DockerfileParser.parse(content).getInstructions();
  const runtime = runtimeStages(content);

  it('declares a HEALTHCHECK with the same command as the ECS container health check', () => {
    const health = keywords(runtime, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    const cmd = /CMD (\[.*\])$/.exec(health[0]!.getArgumentsContent()!)![1]!;
    expect(['CMD', ...JSON.parse(cmd)]).toEqual(HEALTH_CHECK_COMMAND);
    expect(existsSync(join(ROOT, 'docker/healthcheck.js'))).toBe(true);
  });

  it('sets LAVA_HEALTH_PORT to the port the CDK app maps and probes', () => {
    expect(content).toMatch(new RegExp(`^\\s+LAVA_HEALTH_PORT=${HEALTH_PORT}\\b`, 'm'));
  });

  it('declares ARG SERVICE after npm ci, so all six images share the install layers', () => {
    const args = instructions.filter(
      (i) => i.getKeyword() === 'ARG' && i.getArgumentsContent() === 'SERVICE',
    );
    const npmCi = instructions.findIndex(
      (i) => i.getKeyword() === 'RUN' && i.getArgumentsContent()!.includes('npm ci'),
    );
    expect(npmCi).toBeGreaterThan(0);
    expect(args.length).toBeGreaterThan(0);
    for (const arg of args) expect(instructions.indexOf(arg)).toBeGreaterThan(npmCi);
  });

  it('builds and starts the service named by SERVICE and no other, through the PEM-file entrypoint', () => {
    expect(content).toContain('node docker/build-service.js "services/$SERVICE" /out');
    expect(content).toContain('cp docker/healthcheck.js docker/entrypoint.js /out/');
    expect(content).toMatch(/^\s+LAVA_SERVICE_MAIN=\/app\/services\/\$\{SERVICE\}\/dist\/main\.js$/m);
    const entrypoint = JSON.parse(keywords(runtime, 'ENTRYPOINT')[0]!.getArgumentsContent()!);
    expect(entrypoint.slice(2)).toEqual(['node', '/app/entrypoint.js']);
  });

  it('is the only Dockerfile of the services (no per-service copies to drift apart)', () => {
    for (const service of SERVICES) {
      expect(existsSync(join(ROOT, `services/${service}/package.json`))).toBe(true);
      expect(existsSync(join(ROOT, `services/${service}/Dockerfile`))).toBe(false);
    }
  });

  describe.each(SERVICES)('the %s image', (service) => {
    const chain = stageChainText(content, targetOf(service));

    it.each([
      ['LAVA_BROKER_HOST', service === 'secrets-broker' ? '0.0.0.0' : undefined],
      ['LAVA_BROKER_PORT', service === 'secrets-broker' ? '8081' : undefined],
      ['LAVA_API_HOST', service === 'api' ? '0.0.0.0' : undefined],
      ['LAVA_API_PORT', service === 'api' ? '8090' : undefined],
    ])('sets %s only in its own image (%s)', (name, value) => {
      const match = new RegExp(`^(?:ENV )?\\s*${name}=(\\S+)`, 'm').exec(chain);
      expect(match?.[1]).toBe(value);
    });
  });
});

describe('.dockerignore', () => {
  const lines = read('.dockerignore').split('\n');

  it('keeps the entrypoint and health probe the images copy in the context', () => {
    for (const file of ['docker/entrypoint.js', 'docker/healthcheck.js']) {
      expect(lines).not.toContain(file);
      expect(lines).not.toContain('docker');
      expect(existsSync(join(ROOT, file))).toBe(true);
    }
  });

  it('keeps installed trees, VCS data, build output and tests out of the context', () => {
    for (const entry of [
      '**/node_modules',
      '.git',
      '**/dist',
      '**/cdk.out',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
    ]) {
      expect(lines).toContain(entry);
    }
  });

  it('keeps the package.json of every workspace it otherwise excludes (npm ci needs them)', () => {
    const root = JSON.parse(read('package.json')) as { workspaces: string[] };
    for (const ws of root.workspaces.filter((w) => !w.includes('*'))) {
      expect(lines).toContain(`${ws}/*`);
      expect(lines).toContain(`!${ws}/package.json`);
    }
  });
});

describe('docker/build-images.sh', () => {
  it('builds every image from its Dockerfile and tags it <registry>/<service>:<tag>, as the CDK app expects', () => {
    const out = execFileSync(
      'bash',
      [join(ROOT, 'docker/build-images.sh'), '1.4.0', 'reg.example/lava', '--push'],
      {
        env: { ...process.env, DRY_RUN: '1' },
        encoding: 'utf8',
      },
    );
    const builds = out.split('\n').filter((l) => l.startsWith('docker build'));
    expect(builds).toHaveLength(SERVICES.length + FILES.length);
    for (const service of SERVICES) {
      expect(builds).toContain(
        `docker build --platform linux/amd64 -f ${SERVICE_FILE} -t reg.example/lava/${service}:1.4.0 --target ${targetOf(service)} --build-arg SERVICE=${service} .`,
      );
      expect(out).toContain(`docker push reg.example/lava/${service}:1.4.0`);
    }
    for (const file of FILES.filter((f) => f !== SERVICE_FILE)) {
      const name = file.slice('docker/'.length, -'.Dockerfile'.length);
      expect(builds).toContain(
        `docker build --platform linux/amd64 -f ${file} -t reg.example/lava/${name}:1.4.0 .`,
      );
      expect(out).toContain(`docker push reg.example/lava/${name}:1.4.0`);
    }
    expect(builds).toContain(
      'docker build --platform linux/amd64 -f docker/worker-full.Dockerfile -t reg.example/lava/worker-full:1.4.0 --build-arg WORKER_IMAGE=reg.example/lava/worker:1.4.0 --build-arg CLI_IMAGE=reg.example/lava/cli:1.4.0 docker',
    );
    for (const base of ['/worker:', '/cli:'])
      expect(builds.findIndex((b) => b.includes('worker-full'))).toBeGreaterThan(
        builds.findIndex((b) => b.includes(base)),
      );
  });

  it('with --local-db also builds PostgreSQL and MariaDB from Debian packages, never pushed', () => {
    const out = execFileSync(
      'bash',
      [join(ROOT, 'docker/build-images.sh'), 'dev', 'lava', '--local-db', '--push'],
      {
        env: { ...process.env, DRY_RUN: '1' },
        encoding: 'utf8',
      },
    );
    for (const db of ['postgres', 'mariadb']) {
      expect(out).toContain(
        `docker build --platform linux/amd64 -f docker/db/${db}.Dockerfile -t lava/${db}:dev docker/db`,
      );
      expect(out).not.toContain(`docker push lava/${db}:dev`);
    }
  });
});

describe.each(DERIVED)('%s', (file) => {
  const content = read(file);

  it('passes the dockerfile-utils validator and ends as a non-root user without a BuildKit syntax line', () => {
    expect(validate(content).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    expect(content).not.toMatch(/^# syntax=/m);
    const users = keywords(finalStage(content), 'USER').map((i) => i.getArgumentsContent());
    expect(users.at(-1)).not.toBe('root');
    expect(users.at(-1)).toBeDefined();
  });

  it('installs apt packages lean (no recommends, lists removed)', () => {
    const runs = keywords(DockerfileParser.parse(content).getInstructions(), 'RUN').map((i) =>
      i.getArgumentsContent()!,
    );
    expect(runs.some((r) => r.includes('apt-get install'))).toBe(true);
    for (const run of runs.filter((r) => r.includes('apt-get install'))) {
      expect(run).toContain('--no-install-recommends');
      expect(run).toContain('rm -rf /var/lib/apt/lists/*');
    }
  });
});
