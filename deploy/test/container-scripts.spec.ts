import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The two scripts every service image runs: docker/entrypoint.js (PID 1's child; turns
// LAVA_<NAME>_PEM secrets into files) and docker/healthcheck.js (HEALTHCHECK / ECS probe).
const ROOT = join(__dirname, '..', '..');
const ENTRYPOINT = join(ROOT, 'docker/entrypoint.js');
const HEALTHCHECK = join(ROOT, 'docker/healthcheck.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { materialisePemEnv } = require(ENTRYPOINT) as {
  materialisePemEnv: (env: Record<string, string | undefined>, root?: string) => string[];
};

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----';

function run(
  file: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [file, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 10_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('docker/entrypoint.js', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lava-entrypoint-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes each LAVA_<NAME>_PEM to a private file, points LAVA_<NAME> at it and drops the PEM variable', () => {
    const env: Record<string, string | undefined> = {
      LAVA_BROKER_TLS_CERT_PEM: CERT,
      LAVA_BROKER_TLS_KEY_PEM: 'key\n',
      LAVA_REALM: 'acme',
    };
    expect(materialisePemEnv(env, dir).sort()).toEqual(['LAVA_BROKER_TLS_CERT', 'LAVA_BROKER_TLS_KEY']);
    expect(Object.keys(env).sort()).toEqual(['LAVA_BROKER_TLS_CERT', 'LAVA_BROKER_TLS_KEY', 'LAVA_REALM']);
    expect(readFileSync(env.LAVA_BROKER_TLS_CERT!, 'utf8')).toBe(`${CERT}\n`);
    expect(readFileSync(env.LAVA_BROKER_TLS_KEY!, 'utf8')).toBe('key\n');
    expect(statSync(env.LAVA_BROKER_TLS_KEY!).mode & 0o777).toBe(0o600);
    expect(statSync(join(env.LAVA_BROKER_TLS_KEY!, '..')).mode & 0o777).toBe(0o700);
  });

  it('does nothing without PEM variables, and refuses a PEM variable whose target is also set', () => {
    const plain = { LAVA_BROKER_CA: '/etc/ca.pem' };
    expect(materialisePemEnv(plain, dir)).toEqual([]);
    expect(plain).toEqual({ LAVA_BROKER_CA: '/etc/ca.pem' });
    expect(() => materialisePemEnv({ LAVA_BROKER_CA: '/etc/ca.pem', LAVA_BROKER_CA_PEM: CERT }, dir)).toThrow(
      /LAVA_BROKER_CA or the matching _PEM/,
    );
  });

  it('starts the service in the same process with the usual argv and no PEM text in its environment', async () => {
    const main = join(dir, 'main.js');
    writeFileSync(
      main,
      `const fs = require('fs');
       process.stdout.write(JSON.stringify({ argv: process.argv.slice(1), ca: fs.readFileSync(process.env.LAVA_BROKER_CA, 'utf8'),
         pem: Object.keys(process.env).filter((k) => k.endsWith('_PEM')), pid: process.pid }));`,
    );
    // TMPDIR: the PEM directory lands in this test's directory and is removed with it.
    const out = await run(ENTRYPOINT, [main, '--flag'], { LAVA_BROKER_CA_PEM: CERT, TMPDIR: dir });
    expect(out.stderr).toBe('');
    const seen = JSON.parse(out.stdout);
    expect(seen).toMatchObject({ argv: [main, '--flag'], ca: `${CERT}\n`, pem: [] });
  });

  it('starts the service LAVA_SERVICE_MAIN names, passing every argument through', async () => {
    const main = join(dir, 'main.js');
    writeFileSync(main, `process.stdout.write(JSON.stringify(process.argv.slice(1)));`);
    const out = await run(ENTRYPOINT, ['--flag', 'value'], { LAVA_SERVICE_MAIN: main, TMPDIR: dir });
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toEqual([main, '--flag', 'value']);
  });

  it('exits 2 with its usage when neither LAVA_SERVICE_MAIN nor an argument names the service', async () => {
    const out = await run(ENTRYPOINT, [], {});
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('usage:');
  });

  it('exits 1 naming the variables, never their values, on a conflict', async () => {
    const out = await run(ENTRYPOINT, [join(dir, 'absent.js')], {
      LAVA_BROKER_TLS_KEY: '/k',
      LAVA_BROKER_TLS_KEY_PEM: 'SECRET-KEY-TEXT',
    });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('LAVA_BROKER_TLS_KEY');
    expect(out.stderr).not.toContain('SECRET-KEY-TEXT');
  });
});

describe('docker/healthcheck.js', () => {
  let server: Server;
  let port: number;
  let status: Record<string, number>;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = status[req.url ?? ''] ?? 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([
    [{ '/health/live': 200 }, [], 0],
    [{ '/health/live': 200 }, ['/health/live'], 0],
    [{ '/health/live': 503 }, ['/health/live'], 1],
    [{ '/health/live': 200, '/health/ready': 503 }, ['/health/ready'], 1],
    [{ '/health/ready': 200 }, ['/health/ready'], 0],
  ])('with %j, probing %j exits %d (on LAVA_HEALTH_PORT)', async (routes, args, code) => {
    status = routes;
    expect((await run(HEALTHCHECK, args, { LAVA_HEALTH_PORT: String(port) })).code).toBe(code);
  });

  it('fails when nothing listens on LAVA_HEALTH_PORT', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect((await run(HEALTHCHECK, [], { LAVA_HEALTH_PORT: String(free) })).code).toBe(1);
  });
});
