import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { globMatch, parseS3Location } from '@lava/core';
import type { Command } from 'commander';
import YAML from 'yaml';
import { ConnectionsRepository, JobsRepository, RealmsRepository, TriggersRepository } from '../aws';
import type { CliContext } from '../cli-context';
import { UsageError } from '../errors';
import { maskSecrets } from '../output/mask';
import { examples } from './help-text';

/** The tables `lava dump` reads, by the names the original's `lava-dump -t` accepted. */
const TABLES = {
  jobs: {
    key: 'job_id',
    read: (ctx: CliContext, realm: string) => new JobsRepository(ctx.clients().dynamo, realm),
  },
  connections: {
    key: 'conn_id',
    read: (ctx: CliContext, realm: string) => new ConnectionsRepository(ctx.clients().dynamo, realm),
  },
  s3triggers: {
    key: 'trigger_id',
    read: (ctx: CliContext, realm: string) => new TriggersRepository(ctx.clients().dynamo, realm),
  },
  realms: { key: 'realm', read: (ctx: CliContext) => new RealmsRepository(ctx.clients().dynamo) },
} as const;
type TableName = keyof typeof TABLES;
/** Also accepted, as the original did. */
const ALIASES: Record<string, TableName> = { triggers: 's3triggers' };

/** A table named by any unique initial sequence (`j`, `conn`, `tr`). */
export function resolveTable(name: string): TableName {
  const names = [...Object.keys(TABLES), ...Object.keys(ALIASES)];
  const hits = [
    ...new Set(names.filter((n) => n.startsWith(name.toLowerCase())).map((n) => ALIASES[n] ?? n)),
  ];
  if (hits.length === 1) return hits[0] as TableName;
  throw new UsageError(
    `Bad --table ${JSON.stringify(name)}: ${hits.length ? `ambiguous (${hits.join(', ')})` : 'unknown'}; one of ${names.join(', ')}`,
  );
}

/** The original's file name for a key: ASCII, lower case, `/` and `.` runs become one `.`. */
export function sanitiseFilename(key: string): string {
  return key
    .normalize('NFKD')
    .replace(/[^./=+\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[/.]+/g, '.')
    .replace(/[-\s]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '');
}

export interface DumpOptions {
  globs: string[];
  ignoreCase?: boolean;
  notMatch?: boolean;
  yaml?: boolean;
}

/** One file per record whose key matches: `[name, text]`, connections with secrets masked. */
export async function dumpTable(
  ctx: CliContext,
  realm: string,
  table: TableName,
  opts: DumpOptions,
): Promise<Array<{ key: string; name: string; text: string }>> {
  const { key, read } = TABLES[table];
  const records = await read(ctx, realm).list();
  const selected = records.filter((r) => {
    const matches =
      !opts.globs.length ||
      opts.globs.some((g) => globMatch(g, String(r[key]), { ignoreCase: opts.ignoreCase }));
    return opts.notMatch ? !matches : matches;
  });
  return selected
    .map((r) => (table === 'connections' ? maskSecrets(r) : r))
    .map((r) => ({
      key: String(r[key]),
      name: `${sanitiseFilename(String(r[key]))}.${opts.yaml ? 'yaml' : 'json'}`,
      text: opts.yaml ? YAML.stringify(sortKeys(r)) : `${JSON.stringify(sortKeys(r), null, 4)}\n`,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

async function dump(
  ctx: CliContext,
  globs: string[],
  opts: {
    table: string;
    dir: string;
    ignoreCase?: boolean;
    notMatch?: boolean;
    yaml?: boolean;
    quiet?: boolean;
  },
): Promise<void> {
  const table = resolveTable(opts.table);
  // The realms table is per account: it needs no realm.
  const files = await dumpTable(ctx, table === 'realms' ? '' : ctx.realm(), table, { ...opts, globs });
  await mkdir(opts.dir, { recursive: true });
  for (const f of files) {
    await writeFile(join(opts.dir, f.name), f.text);
    if (!opts.quiet && !ctx.json) ctx.io.stdout(`${f.key} --> ${join(opts.dir, f.name)}\n`);
  }
  if (ctx.json) ctx.print(files.map((f) => ({ key: f.key, file: join(opts.dir, f.name) })));
}

/** Every table of a realm in one zip (`<table>/<file>`), written locally or to S3. */
async function backup(
  ctx: CliContext,
  realm: string,
  target: string,
  opts: { yaml?: boolean },
): Promise<void> {
  // Loaded here, not at start: every other command would pay for them (see scripts/build-cli.js).
  const { ZipFile } = await import('yazl');
  const zip = new ZipFile();
  let count = 0;
  for (const table of Object.keys(TABLES) as TableName[]) {
    const files = await dumpTable(ctx, realm, table, {
      globs: table === 'realms' ? [realm] : [],
      yaml: opts.yaml,
    });
    for (const f of files) zip.addBuffer(Buffer.from(f.text), `${table}/${f.name}`, { mtime: new Date() });
    count += files.length;
  }
  zip.end();
  const body = await streamToBuffer(zip.outputStream);
  if (target.startsWith('s3://')) {
    const { bucket, key } = parseS3Location(target);
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    await ctx.clients().s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  } else await writeFile(target, body);
  ctx.print({ realm, target, records: count }, `${count} records of realm ${realm} --> ${target}`);
}

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** `lava dump` and `lava backup`: the original's lava-dump and lava-backup utilities. */
export function registerDumpCommands(program: Command, ctx: CliContext): void {
  program
    .command('dump')
    .description('extract records of one table to files, one per record (connections with secrets masked)')
    .argument('[globs...]', 'only records whose key matches one of these glob patterns (default: all)')
    .option(
      '-t, --table <table>',
      'jobs, connections, s3triggers (or triggers) or realms; any unique prefix',
      'jobs',
    )
    .option('-d, --dir <dir>', 'directory for the files (created if missing)', '.')
    .option('-i, --ignore-case', 'match the globs case-insensitively')
    .option('-n, --not-match', 'only records whose key matches none of the globs')
    .option('-y, --yaml', 'write YAML instead of JSON')
    .option('-q, --quiet', 'do not list the files written')
    .addHelpText(
      'after',
      examples(
        'lava dump -d jobs/ "etl/*"',
        'lava dump -t conn -y -d conns/',
        'lava job put jobs/   # load them back',
      ),
    )
    .action((globs: string[], opts: Parameters<typeof dump>[2]) => dump(ctx, globs, opts));
  program
    .command('backup')
    .description(
      'every job, connection, trigger and the realm record of a realm in one zip file (local or s3://)',
    )
    .argument('<realm>')
    .argument('<zip-file>', 'a local path or s3://bucket/key')
    .option('-y, --yaml', 'entries in YAML instead of JSON')
    .addHelpText(
      'after',
      examples(
        'lava backup acme acme-backup.zip',
        'lava backup acme s3://acme-ops/backups/2024-05-01.zip -y',
      ),
    )
    .action((realm: string, target: string, opts: { yaml?: boolean }) => backup(ctx, realm, target, opts));
}
