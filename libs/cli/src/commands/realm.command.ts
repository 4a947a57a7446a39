import { createWorker, deleteRealm, describeRealm, provisionRealm, type ProvisionStep } from '../aws';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { UsageError } from '../errors';
import { collect, parseKeyValues } from '../input/key-values';
import { examples } from './help-text';

function stepLines(steps: ProvisionStep[]): string {
  return steps
    .map((s) => `${s.action.padEnd(8)} ${s.kind.padEnd(7)} ${s.name}${s.note ? `  (${s.note})` : ''}`)
    .join('\n');
}

interface CreateOptions {
  bucket?: string;
  payloadsPrefix?: string;
  tempPrefix?: string;
  config?: string[];
  /** KMS key for run outputs; `false` with `--no-s3-key`. */
  s3Key?: string | false;
}

/** The realm's user key, as the CDK realm stack (and the original's realm template) create it. */
function defaultS3Key(realm: string): string {
  return `alias/lava-${realm}-user`;
}

async function create(ctx: CliContext, realmArg: string | undefined, opts: CreateOptions): Promise<void> {
  const realm = ctx.realm(realmArg);
  const { config, s3Key, ...layout } = opts;
  // The original's workers read s3_key on every upload (and some versions fail without it).
  const record = {
    ...(s3Key === false ? {} : { s3_key: s3Key ?? defaultS3Key(realm) }),
    ...(config?.length ? { config: parseKeyValues(config, '--config') } : {}),
  };
  const result = await provisionRealm(ctx.clients(), realm, { ...layout, record });
  ctx.print(
    { realm, steps: result.steps, record: result.record },
    `${stepLines(result.steps)}\nrealm ${realm} ready`,
  );
}

async function describe(ctx: CliContext, realmArg: string | undefined): Promise<void> {
  const d = await describeRealm(ctx.clients(), ctx.realm(realmArg));
  const lines = d.resources.map(
    (r) =>
      `${(r.exists ? 'ok' : 'MISSING').padEnd(8)} ${r.kind.padEnd(7)} ${r.name}${r.detail ? ` (${r.detail})` : ''}`,
  );
  lines.push(`workers: ${d.workers.join(', ') || '(none)'}`);
  lines.push(
    `rule triggers: ${d.triggerRules.map((r) => `${r.bus}/${r.name}${r.state === 'ENABLED' ? '' : ` (${r.state})`}`).join(', ') || '(none)'}`,
  );
  lines.push(
    d.complete
      ? `realm ${d.realm} is complete`
      : `realm ${d.realm}: ${d.missing.length} resource(s) missing; run: lava realm create ${d.realm}`,
  );
  ctx.print(d, lines.join('\n'));
  // Non-zero so scripts can use `lava realm describe` as a readiness check.
  if (!d.complete) ctx.io.exit(3);
}

async function remove(
  ctx: CliContext,
  realmArg: string | undefined,
  opts: { yes?: boolean; deleteBucket?: boolean },
): Promise<void> {
  const realm = ctx.realm(realmArg);
  if (!opts.yes) throw new UsageError(`Refusing to delete realm ${realm} without --yes`);
  const steps = await deleteRealm(ctx.clients(), realm, { deleteBucket: opts.deleteBucket });
  ctx.print({ realm, steps }, `${stepLines(steps)}\nrealm ${realm} deleted`);
}

/** `lava realm create|describe|delete` and `lava worker create`. */
export function registerRealmCommands(program: Command, ctx: CliContext): void {
  const realm = program
    .command('realm')
    .description('provision, inspect and remove a realm (tables, bus, rules, queues, bucket, record)');
  realm.addHelpText(
    'after',
    examples('lava realm create acme', 'lava realm describe acme', 'lava realm delete acme --yes'),
  );

  realm
    .command('create')
    .description('idempotently create every resource of the realm (safe to re-run)')
    .argument('[realm]', 'realm name (default --realm / LAVA_REALM)')
    .option('--bucket <name>', 'realm bucket (default lava-<realm>)')
    .option('--payloads-prefix <prefix>', 's3_payloads prefix in the bucket', 'payloads')
    .option('--temp-prefix <prefix>', 's3_temp prefix in the bucket', 'tmp')
    .option(
      '--config <KEY=VALUE>',
      'realm config entry for a new realm record, e.g. event_ttl=5d (repeatable)',
      collect,
    )
    .option(
      '--s3-key <key>',
      'KMS key for run outputs in a new realm record (default alias/lava-<realm>-user)',
    )
    .option('--no-s3-key', 'write no s3_key: run outputs use SSE-S3 (AES256)')
    .addHelpText(
      'after',
      examples(
        'lava realm create acme',
        'AWS_ENDPOINT_URL=http://localhost:4566 lava realm create acme --bucket acme-lava',
        'lava realm create acme --config event_ttl=5d --config state_ttl=30d',
      ),
    )
    .action((name: string | undefined, opts: CreateOptions) => create(ctx, name, opts));

  realm
    .command('describe')
    .description('show which realm resources exist and which are missing (exit 3 when incomplete)')
    .argument('[realm]', 'realm name (default --realm / LAVA_REALM)')
    .addHelpText('after', examples('lava realm describe acme', 'lava realm describe acme --json'))
    .action((name: string | undefined) => describe(ctx, name));

  realm
    .command('delete')
    .description(
      'delete the realm resources (the shared lava.realms table stays; the bucket only with --delete-bucket)',
    )
    .argument('[realm]', 'realm name (default --realm / LAVA_REALM)')
    .option('--yes', 'confirm the deletion')
    .option('--delete-bucket', 'also empty and delete the realm bucket')
    .addHelpText(
      'after',
      examples('lava realm delete acme --yes', 'lava realm delete acme --yes --delete-bucket'),
    )
    .action((name: string | undefined, opts: { yes?: boolean; deleteBucket?: boolean }) =>
      remove(ctx, name, opts),
    );

  const worker = program.command('worker').description('manage worker fleets');
  worker.addHelpText('after', examples('lava worker create acme core'));
  worker
    .command('create')
    .description("create a worker fleet's queue lava-<realm>-<worker> and its dead-letter queue")
    .argument('<realm>')
    .argument('<worker>')
    .addHelpText('after', examples('lava worker create acme core'))
    .action(async (realmName: string, workerName: string) => {
      const result = await createWorker(ctx.clients(), realmName, workerName);
      ctx.print(result, `${stepLines(result.steps)}\nqueue ${result.queueUrl}`);
    });
}
