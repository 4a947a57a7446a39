import { randomUUID } from 'node:crypto';
import { BusPublisher, JobsRepository, realmNames } from '@lava/aws';
import {
  buildLavaEvent,
  buildRunMessage,
  CliRequestError,
  type DispatchRequest,
  type JsonMap,
  mergeRunInputs,
  parseDispatchArgs,
  validateJob,
  ValidationError,
  workerQueueName,
} from '@lava/core';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { CliError, NotFoundError, UsageError } from '../errors';
import { collect } from '../input/key-values';
import { examples } from './help-text';

interface DispatchOptions {
  param?: string[];
  global?: string[];
  delay?: string;
  deepMerge?: boolean;
  dryRun?: boolean;
}

/** Re-tokenise the flags so core parses them exactly as a CLI-style request line. */
function parseRequest(jobId: string, opts: DispatchOptions): DispatchRequest {
  const args = [
    ...(opts.param ?? []).flatMap((p) => ['-p', p]),
    ...(opts.global ?? []).flatMap((g) => ['-g', g]),
    ...(opts.delay === undefined ? [] : ['-d', opts.delay]),
  ];
  try {
    return parseDispatchArgs(jobId, args);
  } catch (err) {
    if (err instanceof CliRequestError) throw new UsageError(err.message);
    throw err;
  }
}

/** What the dispatcher would do: load and check the job, merge inputs, build the run message. */
async function plan(ctx: CliContext, realm: string, request: DispatchRequest, deep: boolean) {
  const raw = await new JobsRepository(ctx.clients().dynamo, realm).get(request.job_id);
  if (!raw) throw new NotFoundError('job', request.job_id);
  let job;
  try {
    job = validateJob(raw).value;
  } catch (err) {
    if (err instanceof ValidationError)
      throw new CliError(
        'CLI_DISPATCH_REJECTED',
        `The dispatcher would reject ${request.job_id}: ${err.message}`,
      );
    throw err;
  }
  const inputs = mergeRunInputs(job as { parameters?: JsonMap; globals?: JsonMap }, request, { deep });
  const message = buildRunMessage({ realm, worker: job.worker, job_id: request.job_id, ...inputs });
  return { queue: workerQueueName(realm, job.worker), delay_seconds: request.delay_seconds, message };
}

async function request(ctx: CliContext, realm: string, req: DispatchRequest, deep: boolean): Promise<void> {
  // Fail fast on a typo; the dispatcher still checks everything when the event arrives.
  if (!(await new JobsRepository(ctx.clients().dynamo, realm).get(req.job_id)))
    throw new NotFoundError('job', req.job_id);
  const idempotencyKey = randomUUID();
  const detail = {
    job_id: req.job_id,
    realm,
    parameters: req.parameters,
    globals: req.globals,
    delay: req.delay_seconds,
    idempotency_key: idempotencyKey,
    requested_by: 'lava-cli',
    ...(deep ? { deep_merge: true } : {}),
  };
  const event = buildLavaEvent('Dispatch Requested', detail, { source: 'lava.cli' });
  await new BusPublisher(ctx.clients().eventBridge, realmNames(realm).bus).publish([event]);
  ctx.print(
    { requested: detail },
    `dispatch of ${req.job_id} requested on bus ${realmNames(realm).bus} (idempotency_key ${idempotencyKey})`,
  );
}

async function dispatch(ctx: CliContext, jobId: string, opts: DispatchOptions): Promise<void> {
  const realm = ctx.realm();
  const req = parseRequest(jobId, opts);
  if (!opts.dryRun) return request(ctx, realm, req, Boolean(opts.deepMerge));
  const p = await plan(ctx, realm, req, Boolean(opts.deepMerge));
  ctx.print(p, `queue: ${p.queue}\ndelay_seconds: ${p.delay_seconds}\nmessage: ${JSON.stringify(p.message)}`);
}

/** `lava dispatch <job_id> [-p k=v] [-g k=v] [-d delay] [--dry-run]`. */
export function registerDispatchCommand(program: Command, ctx: CliContext): void {
  program
    .command('dispatch')
    .description('request a run: publishes "Dispatch Requested" on the realm bus for the dispatcher')
    .argument('<job_id>')
    .option('-p, --param <name=value>', 'dispatch parameter; dotted names nest (a.b=1) (repeatable)', collect)
    .option('-g, --global <name=value>', 'dispatch global; dotted names nest (repeatable)', collect)
    .option('-d, --delay <duration>', 'delay before the run, e.g. 90s or 5m (0-15m)')
    .option(
      '--deep-merge',
      'merge nested parameter/global maps key by key instead of replacing top-level keys',
    )
    .option(
      '--dry-run',
      'print the run message the dispatcher would send (merged inputs, target queue) without sending',
    )
    .addHelpText(
      'after',
      examples(
        'lava dispatch etl/load -p vars.day=2024-04-30 -d 90s',
        'lava dispatch etl/load -g country=NZ --dry-run --json',
      ),
    )
    .action((jobId: string, opts: DispatchOptions) => dispatch(ctx, jobId, opts));
}
