import { readFileSync } from 'node:fs';
import { Logger } from '@lava/logging';
import { startAwsLocal, type AwsLocalOptions } from './aws-local';
import { AwsLocalConfigError } from './errors';

const USAGE =
  'usage: lava-aws-local [--port N] [--host H] [--data-dir DIR] [--secrets-credentials FILE]\n  [--ecr-registry HOST:PORT --ecr-password-file FILE]';

/** Parses `--port N --host H --data-dir DIR` (also `--flag=value`). */
export function parseArgs(argv: string[]): AwsLocalOptions {
  const options: AwsLocalOptions = {};
  const ecr: { host?: string; passwordFile?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (flag === '--help' || flag === '-h') throw new AwsLocalConfigError(USAGE);
    if (value === undefined) throw new AwsLocalConfigError(`${flag} needs a value\n${USAGE}`);
    if (flag === '--port') options.port = Number(value);
    else if (flag === '--host') options.host = value;
    else if (flag === '--data-dir') options.dataDir = value;
    else if (flag === '--secrets-credentials') options.secretsCredentialsFile = value;
    else if (flag === '--ecr-registry') ecr.host = value;
    else if (flag === '--ecr-password-file') ecr.passwordFile = value;
    else throw new AwsLocalConfigError(`unknown option ${flag}\n${USAGE}`);
  }
  if ((ecr.host === undefined) !== (ecr.passwordFile === undefined))
    throw new AwsLocalConfigError(`--ecr-registry and --ecr-password-file go together\n${USAGE}`);
  if (ecr.host && ecr.passwordFile)
    options.ecrRegistry = { host: ecr.host, password: readFileSync(ecr.passwordFile, 'utf8').trim() };
  return options;
}

/** CLI entry: start, print the URL, stop cleanly on SIGTERM/SIGINT. */
export async function bootstrap(argv = process.argv.slice(2)): Promise<void> {
  const logger = new Logger({ service: 'aws-local' });
  const handle = await startAwsLocal({ ...parseArgs(argv), logger });
  process.stdout.write(`lava-aws-local listening on ${handle.url}\n`);
  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    handle.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  bootstrap().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof AwsLocalConfigError ? 2 : 1);
  });
}
