import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  lavaTimestamp,
  pathSafetyProblem,
  parseDuration,
  JobFailedError,
  type ChildOutcome,
  type ChildRunOptions,
  type HandlerContext,
  type JobSandbox,
  type RunJob,
  type ActionListName,
  type ActionPort,
  type ActionScope,
  type HandlerPortFactory,
  type JobSource,
  type RunEventSink,
  type StateSource,
  type TemplateEngine,
  type RunRenderer,
  STATUS,
  type RunOutcome,
  type RunStatus,
  type FleetPort,
  type FleetStore,
  type RunMessage,
  RunParkedError,
  type Telemetry,
  NO_TELEMETRY,
  runConfig,
} from '@lava/core';
import { HandlerRegistry } from '@lava/handlers';
import type { Logger } from '@lava/logging';
import { failureResult } from './failure-result';
import { RunAbortedError, abortableSleep } from './sleep';
import { prepareChild } from './child-spec';
import type { RunMetrics } from './run-metrics';

/** Everything the runner needs; each side effect is a port (see ports.ts). */
export interface JobRunnerDeps {
  realm: string;
  worker: string;
  realmRecord: Record<string, unknown>;
  /** Worker temp root; run dirs are `<tmpRoot>/<run_id>`. */
  tmpRoot: string;
  dev: boolean;
  config(key: string): string | undefined;
  baseEnv: Readonly<Record<string, string | undefined>>;
  /** Launches job processes (created once per worker: createSandbox). */
  sandbox: JobSandbox;
  clock: () => Date;
  logger: Logger;
  handlers: HandlerRegistry;
  templates: TemplateEngine;
  events: RunEventSink;
  jobs: JobSource;
  state: StateSource;
  actions: ActionPort;
  ports: HandlerPortFactory;
  /** Validates a raw job record (core's validateJob); throws with a precise message. */
  validateJob(raw: unknown): Record<string, unknown>;
  /** Spans of iterations, handlers and actions (default: off). */
  telemetry?: Telemetry;
  /** Job metrics (start delay, run time, failure), OpenTelemetry and CloudWatch. */
  metrics?: RunMetrics;
  /** Fleet records of fleet-mode foreach and dag (absent: such runs fail clearly). */
  fleets?: FleetStore;
}

export interface TopLevelRun {
  job: RunJob;
  grant?: string;
  /** Continue at this iteration (a long iteration_delay released the message). */
  resumeIteration?: number;
  signal: AbortSignal;
  /** The run message: a fleet-mode parent stores it (as `tries`) to be resumed with. */
  message?: RunMessage;
  /**
   * A continuation of a run that started earlier (its message carries `tries`): no second
   * `starting`, no late-dispatch check. Default: `resumeIteration > 1`.
   */
  resumed?: boolean;
}

/** Iteration delays longer than this release the message instead of holding a worker slot. */
const RELEASE_DELAY_THRESHOLD_S = 30;

/** The job run algorithm of the original Lava, with its improvements taken. */
export class JobRunner {
  private readonly telemetry: Telemetry;

  constructor(private readonly deps: JobRunnerDeps) {
    this.telemetry = deps.telemetry ?? NO_TELEMETRY;
  }

  /** Runs a dispatched job; the caller acknowledges the message unless `resumeAt` is set. */
  async runTopLevel(run: TopLevelRun): Promise<RunOutcome> {
    // Checked again here, not only when the record was written: ids become directories and S3 keys.
    const unsafe = unsafeIds(run.job);
    if (unsafe) return this.end(run.job, STATUS.rejected, unsafe, {});
    const runDir = join(this.deps.tmpRoot, run.job.run_id);
    const resuming = run.resumed ?? (run.resumeIteration ?? 1) > 1;
    // 0700: run directories hold connection files; only the worker's user may list them.
    if (!resuming) await mkdir(this.deps.tmpRoot, { recursive: true, mode: 0o700 });
    if (this.deps.sandbox.mode === 'none')
      this.deps.logger.warn('job runs without isolation (LAVA_JOB_ISOLATION=none)', {
        job_id: run.job.job_id,
        run_id: run.job.run_id,
        job_isolation: 'none',
      });
    await this.deps.sandbox.openRun?.(runDir, run.signal);
    try {
      return await this.lifecycle(run.job, {
        runDir,
        ownsRunDir: true,
        grant: run.grant,
        signal: run.signal,
        resumeIteration: run.resumeIteration ?? 1,
        topLevel: true,
        resumed: resuming,
        message: run.message,
      });
    } finally {
      await this.closeSandbox(run.job, runDir);
      await rm(runDir, { recursive: true, force: true });
    }
  }

  /** Ends the run's isolation (its processes killed, its uid freed); a failure is logged, not the run's. */
  private async closeSandbox(job: RunJob, runDir: string): Promise<void> {
    try {
      await this.deps.sandbox.closeRun?.(runDir);
    } catch (err) {
      this.deps.logger.error('job isolation of the run could not be closed', {
        job_id: job.job_id,
        run_id: job.run_id,
        error: err as Error,
      });
    }
  }

  private async lifecycle(job: RunJob, run: RunScope): Promise<RunOutcome> {
    const log = this.deps.logger.child({ job_id: job.job_id, run_id: job.run_id });
    if (job.enabled === false) return this.end(job, STATUS.skipped, 'Job not enabled (static)', {});
    const resumed = run.resumed;
    if (!resumed) {
      job.ts_start = wholeSeconds(this.deps.clock());
      job.ts_ustart = job.ts_start;
      await this.emit(job, STATUS.starting, null);
      log.info(`Job ${job.job_id} (${job.run_id}): Starting`);
    }
    const limits = this.iterationLimits(job);
    if (typeof limits === 'string') return this.end(job, STATUS.rejected, limits, {});
    if (!resumed) {
      const late = this.lateDispatch(job);
      if (late) return this.end(job, STATUS.rejected, late, {});
    }
    setLavaDefaults(job, this.localZone());
    try {
      await this.resolveState(job);
      // event_log and enabled share one context (state resolved, before any iteration).
      const renderer = this.deps.templates.bind(this.renderContext(job));
      if (!resumed) await this.recordEventLog(job, renderer);
      const enabled = await this.dynamicEnable(job, renderer);
      if (enabled !== true)
        return this.end(job, STATUS.skipped, `Job not enabled (enabled="${enabled}")`, {});
    } catch (err) {
      return this.end(job, STATUS.failed, failureResult(err, this.debug()), {});
    }
    if (!this.deps.handlers.has(job.type))
      return this.end(job, STATUS.failed, `${job.type}: Unknown job type`, {});
    const fresh = run.ownsRunDir && !resumed;
    if (fresh && !(await createRunDir(run.runDir))) {
      return this.end(
        job,
        STATUS.failed,
        `Job temp dir already exists - possible dispatch overlap (worker ${this.deps.worker})`,
        {},
      );
    }
    // A resumed run or a child finds its directory, or makes it; a fresh one has just made it.
    if (!fresh) await mkdir(run.runDir, { recursive: true });
    if (!resumed) await this.deps.metrics?.started(job);
    const outcome = await this.iterate(job, run, limits, log);
    if (!outcome.resumeAt && !outcome.parked) await this.deps.metrics?.finished(job, outcome.status);
    return outcome;
  }

  private async iterate(job: RunJob, run: RunScope, limits: Limits, log: Logger): Promise<RunOutcome> {
    let outcome: RunOutcome = { status: STATUS.starting, result: {} };
    for (let i = run.resumeIteration; i <= limits.iterationLimit; i++) {
      const step = await this.telemetry.span(
        'lava.iteration',
        { 'lava.job_id': job.job_id, 'lava.iteration': i },
        () => this.iteration(job, run, limits, log, i),
      );
      outcome = step.outcome;
      if (step.final) return outcome;
      if (run.topLevel && limits.iterationDelay > RELEASE_DELAY_THRESHOLD_S) {
        return { ...outcome, resumeAt: { iteration: i + 1, delaySeconds: limits.iterationDelay } };
      }
      await abortableSleep(limits.iterationDelay * 1000, run.signal);
    }
    return outcome;
  }

  /** One iteration: the handler, its events and its action list; `final` unless it will be retried. */
  private async iteration(
    job: RunJob,
    run: RunScope,
    limits: Limits,
    log: Logger,
    i: number,
  ): Promise<{ final: boolean; outcome: RunOutcome }> {
    (job.globals.lava as Record<string, unknown>).iteration = i;
    await this.emit(job, STATUS.running, `Iteration ${i}`);
    try {
      const result = await this.telemetry.span('lava.handler', { 'lava.job_type': job.type }, () =>
        this.deps.handlers.get(job.type).run(this.handlerContext(job, run, log)),
      );
      await this.emit(job, STATUS.complete, result);
      log.info(`Job ${job.job_id} (${job.run_id}): Complete`);
      const outcome = await this.afterActions(job, run, 'on_success', result, {
        status: STATUS.complete,
        result,
      });
      return { final: true, outcome };
    } catch (err) {
      if (err instanceof RunAbortedError || run.signal.aborted) throw new RunAbortedError();
      if (err instanceof RunParkedError) {
        await this.emit(job, STATUS.waiting, err.info);
        log.info(`Job ${job.job_id} (${job.run_id}): Waiting for its children`);
        return { final: true, outcome: { status: STATUS.waiting, result: {}, parked: true } };
      }
      const result = failureResult(err, this.debug());
      const last = i >= limits.iterationLimit;
      log.warn(`Job ${job.job_id} (${job.run_id}): iteration ${i} failed`, { error: result.error });
      await this.emit(job, last ? STATUS.failed : STATUS.retrying, result);
      const outcome = await this.afterActions(job, run, last ? 'on_fail' : 'on_retry', result, {
        status: last ? STATUS.failed : STATUS.retrying,
        result,
      });
      return { final: last, outcome };
    }
  }

  /** Runs an in-process child (chain) under the parent's run_id. */
  async runChild(
    jobId: string,
    parent: RunJob,
    scope: RunScope,
    options: ChildRunOptions = {},
  ): Promise<ChildOutcome> {
    const raw = await this.deps.jobs.get(jobId);
    if (!raw) throw new JobFailedError('CHILD_NOT_FOUND', `Job ${jobId}: No such job`);
    const child = prepareChild(
      this.deps.validateJob(raw),
      parent,
      this.deps.worker,
      this.localZone(),
      options,
    );
    const outcome = await this.lifecycle(child, {
      ...scope,
      ownsRunDir: false,
      resumeIteration: 1,
      resumed: false,
      topLevel: false,
    });
    return { status: outcome.status, result: outcome.result };
  }

  private handlerContext(job: RunJob, run: RunScope, logger: Logger): HandlerContext {
    const ports = this.deps.ports.forJob(job, this.deps.realmRecord, run.grant);
    return {
      job,
      realmRecord: this.deps.realmRecord,
      runDir: run.runDir,
      dev: this.deps.dev,
      signal: run.signal,
      logger,
      config: (key) => this.deps.config(key),
      baseEnv: this.deps.baseEnv,
      sandbox: this.deps.sandbox,
      ...ports,
      children: { run: (jobId, parent, options) => this.runChild(jobId, parent, run, options) },
      fleet: this.fleetPort(job, run),
      // One context per iteration: every field the handler renders reuses it.
      renderer: this.deps.templates.bind(this.renderContext(job)),
    };
  }

  /**
   * The fleet port of a top-level run: the stored record carries what the dispatcher needs to
   * send this run again at this iteration (`tries` = iterations done), as a long iteration delay does.
   */
  private fleetPort(job: RunJob, run: RunScope): FleetPort | undefined {
    const { fleets } = this.deps;
    const message = run.message;
    if (!fleets || !run.topLevel || !message) return undefined;
    const iteration = Number((job.globals.lava as Record<string, unknown>).iteration ?? 1);
    return {
      find: () => fleets.get(job.run_id),
      open: (draft) =>
        fleets.create({
          ...draft,
          worker: this.deps.worker,
          resume: {
            tries: iteration - 1,
            ...(message.parameters ? { parameters: message.parameters } : {}),
            ...(message.globals ? { globals: message.globals } : {}),
          },
          version: 0,
        }),
    };
  }

  private renderContext(job: RunJob): Record<string, unknown> {
    return {
      job,
      realm: this.deps.realmRecord,
      globals: job.globals,
      state: job.state,
      start: job.ts_start,
      ustart: job.ts_ustart,
    };
  }

  /** Connections (under the run's grant), S3 reads and the run dir for email and slack actions. */
  private actionPorts(job: RunJob, run: RunScope): Pick<ActionScope, 'connections' | 'objects' | 'runDir'> {
    const ports = this.deps.ports.forJob(job, this.deps.realmRecord, run.grant);
    return { connections: ports.connections, objects: ports.objects, runDir: run.runDir };
  }

  private async afterActions(
    job: RunJob,
    run: RunScope,
    list: ActionListName,
    result: Record<string, unknown>,
    outcome: RunOutcome,
  ): Promise<RunOutcome> {
    const actions = job[list] !== undefined ? job[list] : this.deps.realmRecord[list];
    if (actions === undefined || actions === null) return outcome;
    try {
      if (!Array.isArray(actions)) throw new Error(`${list} must be a list`);
      if (actions.length)
        await this.telemetry.span('lava.actions', { 'lava.action_list': list }, () =>
          this.deps.actions.run(list, actions, {
            job,
            realmRecord: this.deps.realmRecord,
            result,
            ...this.actionPorts(job, run),
          }),
        );
      return outcome;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await this.emit(
        job,
        STATUS.actionFailed,
        message.startsWith(`${list} action`) ? message : `${list} action: ${message}`,
      );
      return { ...outcome, status: STATUS.actionFailed };
    }
  }

  private iterationLimits(job: RunJob): Limits | string {
    const maxLimit = Number(runConfig(this.deps, 'ITERATION_MAX_LIMIT'));
    const iterationLimit = job.iteration_limit === undefined ? 1 : Math.trunc(Number(job.iteration_limit));
    if (!Number.isFinite(iterationLimit)) return `Bad iteration_limit: ${String(job.iteration_limit)}`;
    if (iterationLimit > maxLimit) return `iteration_limit must be <= ${maxLimit}`;
    const maxDelay = parseDuration(runConfig(this.deps, 'ITERATION_MAX_DELAY'));
    let iterationDelay: number;
    try {
      iterationDelay =
        job.iteration_delay === undefined ? 0 : parseDuration(job.iteration_delay as string | number);
    } catch {
      return `Bad iteration_delay: ${String(job.iteration_delay)}`;
    }
    if (iterationDelay > maxDelay)
      return `iteration_delay must be <= ${runConfig(this.deps, 'ITERATION_MAX_DELAY')}`;
    return { iterationLimit, iterationDelay };
  }

  private lateDispatch(job: RunJob): string | undefined {
    if (job.max_run_delay === undefined || job.max_run_delay === null) return undefined;
    let limit: number;
    try {
      limit = parseDuration(job.max_run_delay as string | number);
    } catch {
      return `Bad max_run_delay: ${String(job.max_run_delay)}`;
    }
    const age = (job.ts_start.getTime() - job.ts_dispatch.getTime()) / 1000;
    return age > limit ? `dispatch is more than ${String(job.max_run_delay)} old` : undefined;
  }

  private async resolveState(job: RunJob): Promise<void> {
    for (const stateId of Object.keys(job.state)) {
      const item = await this.deps.state.get(stateId);
      if (item) job.state[stateId] = item.value;
    }
  }

  private async recordEventLog(job: RunJob, renderer: RunRenderer): Promise<void> {
    if (!job.event_log) return;
    let info: unknown;
    try {
      info = await renderer.renderJson(job.event_log, 'event_log');
    } catch (err) {
      info = `Error: Bad event_log: ${(err as Error).message}`;
    }
    await this.emit(job, STATUS.logging, info);
  }

  /** `true` to run, else the rendered value for the skip message. */
  private async dynamicEnable(job: RunJob, renderer: RunRenderer): Promise<true | string> {
    if (typeof job.enabled !== 'string') return true;
    const rendered = (await renderer.render(job.enabled, 'enabled')).trim().toLowerCase();
    return rendered === 'true' ? true : rendered;
  }

  private async end(
    job: RunJob,
    status: RunStatus,
    info: unknown,
    result: Record<string, unknown>,
  ): Promise<RunOutcome> {
    await this.emit(job, status, info);
    return { status, result };
  }

  private emit(job: RunJob, status: RunStatus, info: unknown): Promise<void> {
    const parentRunId = fleetParentOf(job);
    return this.deps.events.record({
      job_id: job.job_id,
      run_id: job.run_id,
      status,
      info,
      ts_dispatch: job.ts_dispatch.toISOString(),
      ts_event: this.deps.clock(),
      ...(parentRunId ? { parent_run_id: parentRunId } : {}),
    });
  }

  /** The zone of local start times in templates and `globals.lava` (`LAVA_TZ`). */
  private localZone(): string {
    return runConfig(this.deps, 'TZ');
  }

  private debug(): boolean {
    return ['true', '1', 'yes'].includes(String(runConfig(this.deps, 'DEBUG')).toLowerCase());
  }
}

interface Limits {
  iterationLimit: number;
  iterationDelay: number;
}

export interface RunScope {
  runDir: string;
  ownsRunDir: boolean;
  grant: string | undefined;
  signal: AbortSignal;
  resumeIteration: number;
  resumed: boolean;
  topLevel: boolean;
  message?: RunMessage;
}

/**
 * Sets `globals.lava` master/parent values only where absent. Start times are the original's
 * `isoformat()` strings: local ones keep the zone's offset, `*_ustart` are `+00:00`.
 */
function setLavaDefaults(job: RunJob, tz: string): void {
  const lava = ((job.globals.lava as Record<string, unknown> | undefined) ?? {}) as Record<string, unknown>;
  job.globals.lava = lava;
  lava.master_job_id ??= job.job_id;
  lava.parent_job_id ??= job.job_id;
  lava.master_start ??= lavaTimestamp(job.ts_start, tz);
  lava.parent_start ??= lavaTimestamp(job.ts_start, tz);
  lava.master_ustart ??= lavaTimestamp(job.ts_ustart, 'UTC');
  lava.parent_ustart ??= lavaTimestamp(job.ts_ustart, 'UTC');
}

function wholeSeconds(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

/** Creates the run dir; false when it exists (a second copy of the same run on this worker). */
async function createRunDir(dir: string): Promise<boolean> {
  try {
    await mkdir(dir, { mode: 0o700 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Why the run's job id, run id or worker would escape its S3 prefix or directory, if it would. */
function unsafeIds(job: RunJob): string | undefined {
  const problem =
    pathSafetyProblem('job_id', job.job_id) ??
    pathSafetyProblem('run_id', job.run_id) ??
    pathSafetyProblem('worker', job.worker);
  return problem && `Unsafe identifier: ${problem}`;
}

/**
 * The fleet-mode parent of a child run, named in its events so the audit logger's coordinator
 * looks up a parent only for runs that have one (not with a read per run of the realm).
 */
function fleetParentOf(job: RunJob): string | undefined {
  const lava = job.globals.lava as { parent_run_id?: unknown } | undefined;
  return typeof lava?.parent_run_id === 'string' && lava.parent_run_id ? lava.parent_run_id : undefined;
}
