import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createAwsClients, loadAwsConfig, parseS3Uri, RealmsRepository } from '@lava/aws';
import { memoryIO, runCli } from '@lava/cli';

export interface SeedOptions {
  realm: string;
  workers: string[];
  /** Directory with `jobs/*.yaml` and `payloads/**` (samples/demo); none: an empty realm. */
  samplesDir?: string;
  env: Record<string, string>;
}

/**
 * Creates (or re-uses) a realm with its worker queues, puts the sample jobs, connections, S3
 * triggers and rule triggers and uploads the sample payloads, all through the same code paths a user's `lava` commands take.
 */
export async function seedRealm(options: SeedOptions): Promise<void> {
  const env = { ...options.env, LAVA_REALM: options.realm };
  await lava(['realm', 'create', options.realm], env);
  for (const worker of options.workers) await lava(['worker', 'create', options.realm, worker], env);
  if (!options.samplesDir) return;
  // Connections first: `job put` refuses a job naming a connection the realm does not have.
  const connections = recordFiles(join(options.samplesDir, 'connections'));
  if (connections.length) await lava(['connection', 'put', ...connections], env);
  const files = recordFiles(join(options.samplesDir, 'jobs'));
  await lava(['job', 'put', ...files], env);
  const triggers = recordFiles(join(options.samplesDir, 'triggers'));
  if (triggers.length) await lava(['trigger', 'put', ...triggers], env);
  const rules = recordFiles(join(options.samplesDir, 'rules'));
  if (rules.length) await lava(['rule', 'put', ...rules], env);
  await uploadPayloads(options.realm, join(options.samplesDir, 'payloads'), env);
}

function recordFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => join(dir, f));
}

async function lava(argv: string[], env: Record<string, string>): Promise<void> {
  const io = memoryIO();
  const code = await runCli(argv, io, env);
  if (code !== 0) throw new Error(`lava ${argv.join(' ')} failed (exit ${code}):\n${io.err}${io.out}`);
}

async function uploadPayloads(realm: string, dir: string, env: Record<string, string>): Promise<void> {
  const clients = createAwsClients(loadAwsConfig(env));
  try {
    const record = await new RealmsRepository(clients.dynamo).get(realm);
    const { bucket, key: prefix } = parseS3Uri(String(record?.s3_payloads));
    for (const file of walk(dir)) {
      const key = `${prefix.replace(/\/+$/, '')}/${relative(dir, file)}`;
      await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(file) }));
    }
  } finally {
    clients.destroy();
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
