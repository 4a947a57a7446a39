import {
  buildRunMessage,
  CliRequestError,
  mergeRunInputs,
  parseDispatchArgs,
  prepareDispatch,
  validateJob,
  ValidationError,
  type DispatchRequest,
  type JsonMap,
  workerQueueName,
} from '@lava/core';
import type { Command } from 'commander';
import { BusPublisher, JobsRepository, realmNames } from '../aws';
import type { CliContext } from '../cli-context';
import { CliError, NotFoundError, UsageError } from '../errors';
import { eventLine, followRun, runExitCode, type RunRef } from '../follow/follow-run';
import { durationOption } from '../input/duration-option';
import { collect } from '../input/key-values';
import { printRunOutputs } from './logs.command';
import { examples } from './help-text';
import { dispatchSuppressed } from './no-dispatch.command';

interface DispatchOptions {
  param?: string[];
  global?: string[];
  delay?: string;
  deepMerge?: boolean;
  dryRun?: boolean;
  wait?: boolean;
  follow?: boolean;
  timeout?: string;
  poll: string;
  checkDispatch?: boolean;
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
  const effective = mergeRunInputs(job as { parameters?: JsonMap; globals?: JsonMap }, request, { deep });
  // As the dispatcher: the message carries the request's maps (merged ones only for a deep
  // merge); the worker merges the job record when the run starts.
  const sent = deep ? effective : { parameters: request.parameters, globals: request.globals };
  const message = buildRunMessage({ realm, worker: job.worker, job_id: request.job_id, ...sent });
  return {
    job_id: request.job_id,
    queue: workerQueueName(realm, job.worker),
    delay_seconds: request.delay_seconds,
    message,
    effective,
  };
}

/**
 * Publish one `Dispatch Requested` per job. Each carries a fresh idempotency key, and its run id
 * is derived from that key exactly as the dispatcher derives it (`requestRunId`), so it is known
 * here before the dispatcher runs.
 */
async function request(ctx: CliContext, realm: string, reqs: DispatchRequest[], deep: boolean) {
  // Fail fast on a typo; the dispatcher still checks everything when the event arrives.
  const jobs = new JobsRepository(ctx.clients().dynamo, realm);
  const missing = [];
  for (const r of reqs) if (!(await jobs.get(r.job_id))) missing.push(r.job_id);
  if (missing.length) throw new NotFoundError('job', missing.join(', '));
  const prepared = reqs.map((r) =>
    prepareDispatch(r, { realm, source: 'lava.cli', requestedBy: 'lava-cli', deep }),
  );
  await new BusPublisher(ctx.clients().eventBridge, realmNames(realm).bus).publish(
    prepared.map((p) => p.entry),
  );
  const details = prepared.map((p, i) => {
    const r = reqs[i]!;
    return {
      job_id: r.job_id,
      run_id: p.run_id,
      realm,
      parameters: r.parameters,
      globals: r.globals,
      delay: r.delay_seconds,
      idempotency_key: p.idempotency_key,
      requested_by: 'lava-cli',
      ...(deep ? { deep_merge: true } : {}),
    };
  });
  return details;
}

/** Wait for every run; print its final status (and, with `--follow`, its events and outputs). */
async function awaitRuns(ctx: CliContext, runs: RunRef[], opts: DispatchOptions): Promise<void> {
  const pollMs = durationOption(opts.poll, '--poll', { min: 0.05 }) * 1000;
  const timeoutMs = opts.timeout === undefined ? undefined : durationOption(opts.timeout, '--timeout') * 1000;
  const outcomes = await Promise.all(
    runs.map(async (run) => {
      const item = await followRun(ctx, run, {
        pollMs,
        timeoutMs,
        onEvent: opts.follow && !ctx.json ? (e) => ctx.note(eventLine(run, e)) : undefined,
      });
      if (opts.follow) await printRunOutputs(ctx, run.run_id, [run.job_id]);
      return { ...run, status: item.status };
    }),
  );
  ctx.print(outcomes, outcomes.map((o) => `${o.run_id}  ${o.job_id}  ${o.status}`).join('\n'));
  const failed = outcomes.find((o) => runExitCode(o.status) !== 0);
  if (failed) ctx.io.exit(runExitCode(failed.status));
}

async function dispatch(ctx: CliContext, jobIds: string[], opts: DispatchOptions): Promise<void> {
  const realm = ctx.realm();
  const reqs = jobIds.map((id) => parseRequest(id, opts));
  const deep = Boolean(opts.deepMerge);
  if (opts.checkDispatch && dispatchSuppressed(ctx)) return;
  if (opts.dryRun) {
    if (opts.wait || opts.follow)
      throw new UsageError('--dry-run sends nothing: it cannot be combined with --wait or --follow');
    const plans = [];
    for (const r of reqs) plans.push(await plan(ctx, realm, r, deep));
    ctx.print(
      plans.length === 1 ? plans[0] : plans,
      plans
        .map(
          (p) =>
            `queue: ${p.queue}\ndelay_seconds: ${p.delay_seconds}\nmessage: ${JSON.stringify(p.message)}`,
        )
        .join('\n'),
    );
    return;
  }
  const details = await request(ctx, realm, reqs, deep);
  for (const d of details)
    ctx.note(`dispatch of ${d.job_id} requested on bus ${realmNames(realm).bus}: run ${d.run_id}`);
  const waiting = opts.wait || opts.follow;
  // The run ids go to stdout first, so `RUN=$(lava dispatch job)` works and a waiting caller sees them at once.
  if (!ctx.json) ctx.io.stdout(details.map((d) => `${d.run_id}\n`).join(''));
  else if (!waiting) ctx.print(details.length === 1 ? details[0] : details);
  if (waiting) await awaitRuns(ctx, details, opts);
}

/** `lava dispatch <job_id...> [-p k=v] [-g k=v] [-d delay] [--dry-run] [--wait|--follow]`. */
export function registerDispatchCommand(program: Command, ctx: CliContext): void {
  program
    .command('dispatch')
    .description('request runs: publishes "Dispatch Requested" on the realm bus and prints each run id')
    .argument('<job_ids...>', 'one or more jobs; each gets its own run with the same -p/-g/-d')
    .option('-p, --param <name=value>', 'dispatch parameter; dotted names nest (a.b=1) (repeatable)', collect)
    .option('-g, --global <name=value>', 'dispatch global; dotted names nest (repeatable)', collect)
    .option('-d, --delay <duration>', 'delay before the run, e.g. 90s or 5m')
    .option(
      '--deep-merge',
      'merge nested parameter/global maps key by key instead of replacing top-level keys',
    )
    .option(
      '--dry-run',
      'print the run message the dispatcher would send (merged inputs, target queue) without sending',
    )
    .option('-w, --wait', 'wait for the runs to end; print each final status; exit 0 only if all completed')
    .option(
      '-f, --follow',
      'like --wait, also printing status changes (stderr) and, at the end, the run outputs',
    )
    .option('--timeout <duration>', 'with --wait/--follow: give up after this long (exit 6)')
    .option('--poll <duration>', 'with --wait/--follow: how often to read the run history', '2s')
    .option(
      '--check-dispatch',
      "send nothing (exit 0, with a warning) while this host's no-dispatch file exists (lava schedule no-dispatch)",
    )
    .addHelpText(
      'after',
      examples(
        'lava dispatch etl/load -p vars.day=2024-04-30 -d 90s',
        'RUN=$(lava dispatch etl/load) && lava run "$RUN"',
        'lava dispatch etl/load etl/publish --wait --timeout 30m',
        'lava dispatch etl/load --follow',
        'lava dispatch etl/load -g country=NZ --dry-run --json',
        'lava dispatch etl/nightly --check-dispatch   # from cron on a host that may be drained',
      ) +
        '\nExit status with --wait/--follow: 0 every run complete, 4 a run failed (or its actions),\n' +
        '5 rejected or skipped, 6 --timeout reached, 1 other errors, 2 bad arguments.\n',
    )
    .action((jobIds: string[], opts: DispatchOptions) => dispatch(ctx, jobIds, opts));
}
