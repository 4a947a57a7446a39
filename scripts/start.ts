/**
 * `npm start`: a working local realm on this machine, no Docker. Starts the local AWS endpoint
 * with a persistent data directory, creates (or re-uses) the `demo` realm with sample jobs,
 * starts every service as its own process with prefixed logs, and prints how to use it.
 * Ctrl-C stops everything cleanly; a second `npm start` reuses the realm.
 */
import { join, resolve } from 'node:path';

// The SDK's notice about future Node versions is for operators, not for the demo's console.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { startLocalRealm } from '@lava/local-realm';

const root = resolve(__dirname, '..');

interface StartArgs {
  port: number;
  apiPort: number;
  dataDir: string;
  realm: string;
  json: boolean;
}

const USAGE = `usage: npm start -- [--port 4566] [--api-port 8090] [--data-dir .lava/data] [--realm demo] [--json]

Starts a local realm on this machine: the local AWS endpoint, the realm (created once, with
sample jobs) and every Lava service as its own process. Ctrl-C stops everything.

  --port <n>         port of the local AWS endpoint (default 4566)
  --api-port <n>     port of the web console and HTTP API (default 8090; 0 = any free port)
  --data-dir <dir>   where the endpoint keeps its data between runs (default .lava/data)
  --realm <name>     realm to create or reuse (default demo)
  --json             service logs as JSON lines instead of coloured text
  -h, --help         print this help

Then, in another terminal: export AWS_ENDPOINT_URL=http://localhost:4566 LAVA_REALM=demo
and use the CLI: npm run lava -- --help
`;

function parseArgs(argv: string[]): StartArgs {
  const args: StartArgs = {
    port: 4566,
    apiPort: 8090,
    dataDir: join(root, '.lava', 'data'),
    realm: 'demo',
    json: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (flag === '--port') {
      args.port = Number(argv[++i]);
      if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
        process.stderr.write(`Bad --port: ${argv[i]}: a port number 0-65535\n`);
        process.exit(2);
      }
    } else if (flag === '--api-port') {
      args.apiPort = Number(argv[++i]);
      if (!Number.isInteger(args.apiPort) || args.apiPort < 0 || args.apiPort > 65535) {
        process.stderr.write(`Bad --api-port: ${argv[i]}: a port number 0-65535\n`);
        process.exit(2);
      }
    } else if (flag === '--data-dir') args.dataDir = resolve(argv[++i] ?? '');
    else if (flag === '--realm') args.realm = argv[++i] ?? 'demo';
    else if (flag === '--json') args.json = true;
    else {
      process.stderr.write(`unknown option ${flag}\n${USAGE}`);
      process.exit(2);
    }
  }
  return args;
}

function banner(
  endpoint: string,
  realm: string,
  dataDir: string,
  services: string[],
  consoleUrl: string | undefined,
): string {
  return [
    '',
    `Lava realm "${realm}" is running on ${endpoint} (data in ${dataDir}).`,
    `Processes: ${services.join(', ')}`,
    ...(consoleUrl ? [`Web console: ${consoleUrl}/  (HTTP API: ${consoleUrl}/api/docs)`] : []),
    '',
    'In another terminal:',
    `  export AWS_ENDPOINT_URL=${endpoint} LAVA_REALM=${realm} AWS_SHARED_CREDENTIALS_FILE=${join(dataDir, 'credentials')}`,
    '  npm run lava -- dispatch demo/hello --follow     # run a job: its run id, status changes, output',
    '  npm run lava -- runs demo/hello --watch          # watch its runs and their status',
    '  npm run lava -- logs <run_id> --job demo/hello   # read its output from S3',
    '',
    'Other sample jobs: demo/log, demo/exe, demo/chain, demo/flaky (retries), demo/fail (on_fail),',
    'demo/sqlite-report (SQL on SQLite), and demo/heartbeat, which the scheduler runs every 30 s.',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  process.stdout.write(
    `Starting the local AWS endpoint on port ${args.port} with data in ${args.dataDir} ...\n`,
  );
  const realm = await startLocalRealm({
    root,
    realm: args.realm,
    workers: ['core'],
    port: args.port,
    dataDir: args.dataDir,
    samplesDir: join(root, 'samples', 'demo'),
    format: { colour: process.stdout.isTTY === true, json: args.json },
    serviceEnv: { LAVA_DISPATCHERS: 'demo' },
    apiPort: args.apiPort,
  });
  process.stdout.write(banner(realm.endpoint, args.realm, args.dataDir, realm.started, realm.consoleUrl));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the services (in-flight runs drain first) ...\n`);
    realm.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
