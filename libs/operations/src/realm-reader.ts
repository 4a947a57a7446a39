import {
  OPERATOR_AUDIT_JOB_ID,
  formatUtcNaive,
  isRunStatus,
  isTerminalStatus,
  redactSecrets,
  validateJob,
  ValidationError,
  type ValidationIssue,
} from '@lava/core';
import { scheduleReport, unschedulableReason, type ScheduleReport } from '@lava/scheduling';
import { RecordNotFoundError } from './errors';
import { paginate, type Page, type PageRequest } from './pagination';
import { runTree, type RunTree } from './run-tree';
import type { LiveLogPart, OperationsPorts, OutputObject, RunRecord, StoredRecord } from './ports';

/** A job in a list: what the console's jobs table shows. */
export interface JobSummary {
  job_id: string;
  type?: unknown;
  worker?: unknown;
  dispatcher?: unknown;
  enabled?: unknown;
  description?: unknown;
  scheduled: boolean;
}

/** Whether the dispatcher would accept the stored record, and why not. */
export interface JobValidation {
  valid: boolean;
  errors: Pick<ValidationIssue, 'path' | 'rule' | 'message'>[];
  warnings: Pick<ValidationIssue, 'path' | 'rule' | 'message'>[];
}

export interface RunQuery extends PageRequest {
  job_id?: string;
  statuses?: string[];
  /** Only runs with an event at or after this instant. */
  since?: Date;
}

/**
 * One run with the items that share its run_id (chain and in-process children), its outputs and,
 * for a fleet-mode foreach or dag, the tree of its child runs (runs of their own).
 */
export interface RunDetail {
  run: RunRecord;
  children: RunRecord[];
  outputs: OutputObject[];
  fleet?: RunTree;
}

/** A page of a run's live logs (see RealmReader.runLogs). */
export interface RunLogs {
  run_id: string;
  job_id: string;
  status: string | null;
  parts: LiveLogPart[];
  /** The last part returned (or the cursor given): pass it as `cursor` next. */
  cursor: string | null;
  /** The run has an outcome and every part is in this or an earlier page. */
  ended: boolean;
}

/** A job's next fires, and whether its dispatcher is paused. */
export interface JobSchedule extends ScheduleReport {
  dispatcher: string;
  paused: boolean;
}

/** Most runs a list reads before paging (the events table is TTL-bounded; scans are operator-rate). */
const RUN_WINDOW = 1000;

/**
 * The read side of the HTTP API: jobs, runs, schedules, triggers and queues of one realm, over
 * injected ports. Every list is paged with {@link paginate}; connection secrets are never read
 * and secret-looking job fields are redacted.
 */
export class RealmReader {
  constructor(private readonly ports: OperationsPorts) {}

  async listJobs(query: PageRequest & { dispatcher?: string }): Promise<Page<JobSummary>> {
    const jobs = (await this.ports.jobs.list()).filter(
      (j) => query.dispatcher === undefined || j.dispatcher === query.dispatcher,
    );
    return paginate(jobs.map(summary), (j) => j.job_id, query);
  }

  async getJob(jobId: string): Promise<{ job: StoredRecord; validation: JobValidation }> {
    const job = await this.ports.jobs.get(jobId);
    if (!job) throw new RecordNotFoundError('job', jobId);
    return { job: redactSecrets(job) as StoredRecord, validation: validation(job) };
  }

  async listRuns(query: RunQuery): Promise<Page<RunRecord>> {
    const since = query.since ? formatUtcNaive(query.since) : undefined;
    const statuses = query.statuses?.length ? query.statuses : undefined;
    const items = query.job_id
      ? (await this.ports.runs.listRuns(query.job_id, RUN_WINDOW)).filter(
          (r) =>
            (!since || String(r.tu_event ?? '') >= since) &&
            (!statuses || statuses.includes(String(r.status))),
        )
      : await this.ports.runs.recent({ since, statuses, limit: RUN_WINDOW });
    const runs = items.filter((r) => r.job_id !== OPERATOR_AUDIT_JOB_ID);
    return paginate(runs, (r) => `${r.tu_event ?? ''}|${r.job_id}|${r.run_id}`, query, 'desc');
  }

  /**
   * A run and its children. Children of chain and dag jobs run in the parent's process under the
   * parent's run_id, so they are the other items with this run_id; the parent is the one that
   * was dispatched (its log has a `dispatched` entry), else the earliest.
   */
  async getRun(runId: string): Promise<RunDetail> {
    const items = await this.ports.runs.findByRunId(runId);
    if (!items.length) throw new RecordNotFoundError('run', runId);
    const run = items.find((i) => i.log?.some((e) => e.status === 'dispatched')) ?? items[0]!;
    const [outputs, fleet] = await Promise.all([
      this.ports.outputs.list(run.job_id, runId),
      runTree(runId, {
        fleet: (id) => this.ports.fleets.get(id),
        status: async (jobId, id) =>
          (await this.ports.runs.findByRunId(id)).find((i) => i.job_id === jobId)?.status,
      }),
    ]);
    return { run, children: items.filter((i) => i !== run), outputs, ...(fleet ? { fleet } : {}) };
  }

  /**
   * Output a run's processes wrote since `cursor` (the last part read; none: from the start), and
   * the cursor to pass next. `ended` is true once the run has an outcome and every part written
   * before it has been returned: a follower stops then. With `waitMs`, waits up to that long for
   * the first new part (long polling), checking every `pollMs`.
   */
  async runLogs(
    runId: string,
    options: { cursor?: string; waitMs?: number; pollMs?: number } = {},
  ): Promise<RunLogs> {
    const deadline = this.ports.clock().getTime() + (options.waitMs ?? 0);
    for (;;) {
      const items = await this.ports.runs.findByRunId(runId);
      if (!items.length) throw new RecordNotFoundError('run', runId);
      const run = items.find((i) => i.log?.some((e) => e.status === 'dispatched')) ?? items[0]!;
      // The status is read before the parts: parts written before the outcome are all listed.
      const ended = isRunStatus(run.status) && isTerminalStatus(run.status);
      const parts = await this.ports.outputs.live(run.job_id, runId, options.cursor);
      const cursor = parts.at(-1)?.part ?? options.cursor ?? null;
      if (parts.length || ended || this.ports.clock().getTime() >= deadline)
        return { run_id: runId, job_id: run.job_id, status: run.status ?? null, parts, cursor, ended };
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
    }
  }

  /** The text of one output object of a run (`name` as listed, e.g. `hello.sh.stdout`). */
  async readOutput(runId: string, name: string): Promise<{ name: string; text: string }> {
    const { outputs } = await this.getRun(runId);
    const hit = outputs.find((o) => o.name === name);
    if (!hit) throw new RecordNotFoundError('output', `${runId}/${name}`);
    return { name, text: await this.ports.outputs.read(hit.uri) };
  }

  /** Next fires of every scheduled job (paused dispatchers flagged), and the paused dispatchers. */
  async schedules(
    query: PageRequest & { count?: number },
  ): Promise<Page<JobSchedule> & { paused: { dispatcher: string; paused_at: string; paused_by: string }[] }> {
    const [jobs, pauses] = await Promise.all([this.ports.jobs.list(), this.ports.pauses.all()]);
    const paused = new Set(pauses.map((p) => p.dispatcher));
    const now = this.ports.clock();
    const out: JobSchedule[] = [];
    for (const job of jobs) {
      if (
        job.schedule === undefined ||
        typeof job.dispatcher !== 'string' ||
        unschedulableReason({ type: job.type })
      )
        continue;
      try {
        const report = scheduleReport(job, this.ports.defaultTimezone, now, query.count ?? 3);
        out.push({ ...report, dispatcher: job.dispatcher, paused: paused.has(job.dispatcher) });
      } catch {
        // A bad schedule: the job's validation status (GET /jobs/{id}) says why.
      }
    }
    out.sort((a, b) => (a.next[0]?.utc ?? '~').localeCompare(b.next[0]?.utc ?? '~'));
    return { ...paginate(out, (s) => s.job_id, query), paused: pauses };
  }

  async triggers(): Promise<{ s3: StoredRecord[]; rules: StoredRecord[] }> {
    const [s3, rules] = await Promise.all([this.ports.triggers.s3Triggers(), this.ports.triggers.rules()]);
    return { s3: redactSecrets(s3) as StoredRecord[], rules: redactSecrets(rules) as StoredRecord[] };
  }

  queues() {
    return this.ports.queues.depths();
  }
}

function summary(j: StoredRecord): JobSummary {
  return {
    job_id: String(j.job_id),
    type: j.type,
    worker: j.worker,
    dispatcher: j.dispatcher,
    enabled: j.enabled,
    description: j.description,
    scheduled: j.schedule !== undefined,
  };
}

function validation(job: StoredRecord): JobValidation {
  const brief = (i: ValidationIssue) => ({ path: i.path, rule: i.rule, message: i.message });
  try {
    return { valid: true, errors: [], warnings: validateJob(job).warnings.map(brief) };
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return { valid: false, errors: err.issues.map(brief), warnings: err.warnings.map(brief) };
  }
}
