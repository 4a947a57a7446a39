import {
  KmsStateCipher,
  RealmsRepository,
  StateRepository,
  type StateRepositoryOptions,
  type StateType,
} from '../aws';
import { parseDuration } from '@lava/core';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { NotFoundError, UsageError } from '../errors';
import { collect, parseKeyValues } from '../input/key-values';
import { examples } from './help-text';

/** State ids starting with `lava` (any case) are reserved for Lava itself. */
function checkStateId(id: string): void {
  if (/^lava/i.test(id)) throw new UsageError('Bad state_id: Values beginning with "lava" are reserved');
}

interface PutOptions {
  param?: string[];
  value?: string;
  ttl?: string;
  type: string;
  publisher?: string;
  kmsKey?: string;
}

function stateValue(opts: PutOptions): unknown {
  if (opts.param?.length && opts.value !== undefined)
    throw new UsageError('-p and -v are mutually exclusive');
  if (opts.param?.length) return parseKeyValues(opts.param, '-p');
  return opts.value ?? null;
}

function ttlSeconds(ttl: string | undefined): number | undefined {
  if (ttl === undefined) return undefined;
  try {
    return parseDuration(ttl);
  } catch (err) {
    throw new UsageError(`Bad --ttl: ${(err as Error).message}`);
  }
}

/** A realm `config` value by key, any case (Python upper-cases the keys). */
function configValue(config: Record<string, unknown> | undefined, key: string): unknown {
  const found = Object.entries(config ?? {}).find(([k]) => k.toUpperCase() === key);
  return found?.[1] === '' || found?.[1] === null ? undefined : found?.[1];
}

/** `STATE_TTL` / `STATE_MAX_TTL` from the realm record, as the original loads them on put. */
async function ttlPolicy(ctx: CliContext, realm: string): Promise<StateRepositoryOptions> {
  const record = await new RealmsRepository(ctx.clients().dynamo).get(realm);
  const seconds = (key: string) => {
    const value = configValue(record?.config, key);
    return value === undefined ? undefined : parseDuration(value);
  };
  return { defaultTtlSeconds: seconds('STATE_TTL'), maxTtlSeconds: seconds('STATE_MAX_TTL') };
}

/** The state table with KMS for `secure` items (the caller's credentials must allow the key). */
function stateRepository(ctx: CliContext, realm: string, options: StateRepositoryOptions = {}) {
  return new StateRepository(ctx.clients().dynamo, realm, {
    ...options,
    cipher: new KmsStateCipher(ctx.clients().kms),
  });
}

async function put(ctx: CliContext, id: string, opts: PutOptions): Promise<void> {
  checkStateId(id);
  if (!['json', 'raw', 'secure'].includes(opts.type))
    throw new UsageError(`${opts.type}: No such state type (json, raw or secure)`);
  if (opts.kmsKey !== undefined && opts.type !== 'secure')
    throw new UsageError('--kms-key applies to --type secure only');
  // Every argument is checked before AWS is touched.
  const input = {
    state_id: id,
    value: stateValue(opts),
    type: opts.type as StateType,
    ttlSeconds: ttlSeconds(opts.ttl),
  };
  const realm = ctx.realm();
  const repo = stateRepository(ctx, realm, await ttlPolicy(ctx, realm));
  const entry = await repo.putState({
    ...input,
    publisher: opts.publisher ?? (ctx.env.LAVA_JOB_ID || 'lava-state CLI'),
    kmsKey: opts.kmsKey,
  });
  // A secure value is not echoed back: the terminal or a pipe log may keep it.
  const shown = entry.type === 'secure' ? { ...entry, value: undefined } : entry;
  ctx.print(shown, `put state ${id} (expires ${new Date(entry.ttl * 1000).toISOString()})`);
}

/** The original's default: the value printed as Python prints it (a map as `{'a': 1}`). */
const DEFAULT_STATE_TEMPLATE = '{{ state }}';

async function get(
  ctx: CliContext,
  id: string,
  template: string | undefined,
  opts: { ignoreMissing?: boolean },
): Promise<void> {
  checkStateId(id);
  const entry = await stateRepository(ctx, ctx.realm()).getState(id);
  if (!entry && !opts.ignoreMissing) throw new NotFoundError('state item', id);
  const value = entry?.value ?? '';
  if (ctx.json) return ctx.print(entry ?? { state_id: id, value });
  // Loaded here only: the template engine is not needed by any other state command.
  const { createRenderer } = await import('@lava/templating');
  const text = createRenderer().render(
    template ?? DEFAULT_STATE_TEMPLATE,
    { state: value, s: value },
    { field: 'template' },
  );
  ctx.io.stdout(`${text}\n`);
}

/** `lava state get|put` (the original `lava-state`). */
export function registerStateCommands(program: Command, ctx: CliContext): void {
  const state = program.command('state').description('read and write state items (table lava.<realm>.state)');
  state.addHelpText(
    'after',
    examples('lava state put last_load -v 2024-05-01 --ttl 30d', 'lava state get last_load'),
  );

  state
    .command('put')
    .description('write a state item (replaces it); the value is -v VALUE, a map from -p KEY=VALUE, or null')
    .argument('<state_id>')
    .option('-p, --param <KEY=VALUE>', 'map entry (repeatable; no dotted expansion)', collect)
    .option('-v, --value <value>', 'string value')
    .option('--ttl <duration>', 'time to live, e.g. 30d (default 7d, at most 366d)')
    .option('--type <type>', 'json, raw or secure (KMS-encrypted json)', 'json')
    .option('--kms-key <key>', 'secure only: KMS key id, ARN or alias/NAME (default alias/lava-<realm>-sys)')
    .option('--publisher <name>', 'who wrote it (default LAVA_JOB_ID or "lava-state CLI")')
    .addHelpText(
      'after',
      examples(
        'lava state put watermark -p table=sales -p ts=2024-05-01T00:00:00Z',
        'lava state put flag -v on --ttl 1h',
        'lava state put api_token -v "$TOKEN" --type secure',
      ),
    )
    .action((id: string, opts: PutOptions) => put(ctx, id, opts));

  state
    .command('get')
    .description(
      'print a state value through a Jinja template (default "{{ state }}": strings as is, maps and lists as Python prints them); --json prints the whole item as JSON',
    )
    .argument('<state_id>')
    .argument('[template]', 'Jinja template rendered with the value as `state` and `s`')
    .option(
      '-i, --ignore-missing',
      'print an empty value instead of failing when the item is missing or expired',
    )
    .addHelpText(
      'after',
      examples(
        'lava state get watermark',
        "lava state get watermark '{{ s.table }} since {{ s.ts }}'",
        'lava state get -i maybe_missing',
        'lava --json state get watermark',
      ),
    )
    .action((id: string, template: string | undefined, opts: { ignoreMissing?: boolean }) =>
      get(ctx, id, template, opts),
    );
}
