import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { EventsRepository, realmNames, type AwsClients } from '@lava/aws';
import type { BenchEndpoint } from './endpoint-thread';
import { loadAverage, ownCpu, percentile, serviceCpu, threadCpu } from './process-cpu';

/**
 * The probe's pause after a batch that was not full; the events table is polled at the same
 * interval, so the end of a phase is seen at most this much later than before.
 */
const PROBE_PAUSE_MS = 100;

export interface PhaseDeps {
  aws: BenchEndpoint;
  clients: AwsClients;
  realm: string;
  pidOf(service: string): number | undefined;
  services: string[];
}

export interface PhaseResult {
  runsPerSecond: number;
  p50: number;
  p99: number;
  /** CPU ms per run summed over the services, their job processes, the endpoint and the bench. */
  cpuTotal: number;
  report: string;
}

interface Seen {
  requested: Map<string, number>;
  runOf: Map<string, string>;
  /** When each run's `Job Dispatched` reached the bus (the probe queue's SentTimestamp). */
  dispatched: Map<string, number>;
  started: Map<string, number>;
  completed: Set<string>;
}

/**
 * One measured batch of runs of one job: dispatch requests (10 per PutEvents, paced or at once),
 * then a probe queue on the bus sees each run dispatched, started and complete, and the events
 * table must record every run complete.
 */
export class PipelinePhase {
  private benchRequests = 0;

  private constructor(
    private readonly deps: PhaseDeps,
    private readonly probe: string,
  ) {}

  static async create(deps: PhaseDeps): Promise<PipelinePhase> {
    const names = realmNames(deps.realm);
    const queue = `${deps.realm}-bench-probe`;
    // A received probe message stays hidden for the whole bench (12 h, SQS's longest), so the
    // probe never deletes: each of the bench's own requests costs CPU in the endpoint too.
    const probe = (
      await deps.clients.sqs.send(
        new CreateQueueCommand({ QueueName: queue, Attributes: { VisibilityTimeout: '43200' } }),
      )
    ).QueueUrl!;
    await deps.clients.eventBridge.send(
      new PutRuleCommand({
        Name: `${deps.realm}-bench`,
        EventBusName: names.bus,
        EventPattern: JSON.stringify({
          'detail-type': ['Job Run Started', 'Job Dispatched', 'Job Run Succeeded'],
          detail: { status: ['starting', 'dispatched', 'complete'] },
        }),
      }),
    );
    await deps.clients.eventBridge.send(
      new PutTargetsCommand({
        Rule: `${deps.realm}-bench`,
        EventBusName: names.bus,
        Targets: [{ Id: 'probe', Arn: `arn:aws:sqs:us-east-1:000000000000:${queue}` }],
      }),
    );
    return new PipelinePhase(deps, probe);
  }

  async run(o: { jobId: string; runs: number; rate: number }): Promise<PhaseResult> {
    const { aws } = this.deps;
    const seen: Seen = {
      requested: new Map(),
      runOf: new Map(),
      dispatched: new Map(),
      started: new Map(),
      completed: new Set(),
    };
    this.benchRequests = 0;
    const before = (await aws.stats()).byCaller;
    const cpu0 = this.cpu();
    const t0 = Date.now();
    const deadline = t0 + 300_000;
    const probing = this.watch(seen, o.runs, deadline);
    await this.dispatch(o, seen, t0);
    await probing;
    await this.waitRecorded(o.jobId, o.runs, seen, deadline);
    const elapsed = (Date.now() - t0) / 1000;
    const cpu1 = this.cpu();
    const latencies = [...seen.started.entries()]
      .map(([runId, at]) => at - (seen.requested.get(seen.runOf.get(runId) ?? '') ?? NaN))
      .filter((v) => Number.isFinite(v))
      .sort((a, b) => a - b);
    const cpu = Object.fromEntries(
      Object.keys(cpu1).map((k) => [k, (cpu1[k]! - (cpu0[k] ?? 0)) / o.runs]),
    ) as Record<string, number>;
    const cpuTotal = Object.values(cpu).reduce((a, b) => a + b, 0);
    const result = {
      runsPerSecond: o.runs / elapsed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      cpuTotal,
    };
    const byCaller = Object.entries((await aws.stats()).byCaller)
      .filter(([k]) => this.deps.services.includes(k.split(' ')[0]!))
      .map(([k, n]) => [k, (n - (before[k] ?? 0)) / o.runs] as const)
      .filter(([, n]) => n > 0)
      .sort(([a], [b]) => a.localeCompare(b));
    const serviceRequests = Math.round(byCaller.reduce((a, [, n]) => a + n, 0) * o.runs);
    const report = [
      `${o.jobId}: ${o.runs} runs ${o.rate ? `at ${o.rate}/s` : 'in one burst'} (load average ${loadAverage()})`,
      `  runs complete:            ${o.runs} / ${o.runs} recorded in ${elapsed.toFixed(1)} s`,
      `  throughput:               ${result.runsPerSecond.toFixed(1)} runs/s`,
      `  dispatch->start latency:  p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms (${latencies.length} samples)`,
      `    of which:              ${hops(seen)}`,
      `  CPU ms per run:           ${cpuTotal.toFixed(2)} in all; ${Object.entries(cpu)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ')}`,
      `  AWS requests per run:     ${(serviceRequests / o.runs).toFixed(2)} (the services' ${serviceRequests} requests; the bench's own ${this.benchRequests} not counted)`,
      ...byCaller.map(([k, n]) => `    ${k.padEnd(46)} ${n.toFixed(2)}`),
      '',
    ].join('\n');
    return { ...result, report };
  }

  /**
   * CPU so far, ms: each service, its helper processes (the worker's job spawner), the job
   * processes they waited for; in this process, the AWS endpoint's thread, the bench's own thread
   * (its requests) and the runtime's threads that serve both (V8's garbage collector and
   * compiler, libuv's pool), which cannot be split between them.
   */
  private cpu(): Record<string, number> {
    const own = ownCpu();
    const endpoint = this.deps.aws.cpu();
    const bench = threadCpu(process.pid); // the main thread's id is the process id
    const out: Record<string, number> = { endpoint, bench, 'their runtime threads': own - endpoint - bench };
    for (const name of this.deps.services) {
      const c = serviceCpu(this.deps.pidOf(name));
      out[name] = c.self;
      if (c.helpers) out[`${name} spawner`] = c.helpers;
      if (c.children) out[`${name} jobs`] = c.children;
    }
    return out;
  }

  private async dispatch(o: { jobId: string; runs: number; rate: number }, seen: Seen, t0: number) {
    const bus = realmNames(this.deps.realm).bus;
    for (let i = 0; i < o.runs; i += 10) {
      const entries = [];
      for (let j = i; j < Math.min(o.runs, i + 10); j++) {
        const key = `${o.jobId}-${j}`;
        entries.push({
          EventBusName: bus,
          Source: 'lava.cli',
          DetailType: 'Dispatch Requested',
          Detail: JSON.stringify({ schema_version: 1, job_id: o.jobId, idempotency_key: key }),
        });
        seen.requested.set(key, Date.now());
      }
      await this.deps.clients.eventBridge.send(new PutEventsCommand({ Entries: entries }));
      this.benchRequests++;
      if (o.rate > 0) {
        const due = t0 + ((i + 10) / o.rate) * 1000;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
    }
  }

  /**
   * Reads the probe queue until every run was seen started and complete. After a batch of fewer
   * than 10 it waits {@link PROBE_PAUSE_MS} before the next receive, so a receive takes a fuller
   * batch: each of the bench's own requests costs endpoint CPU too. Latencies are read
   * from the messages (sent timestamps, start stamps), not from when the probe sees them.
   */
  private async watch(seen: Seen, runs: number, deadline: number): Promise<void> {
    const sqs = this.deps.clients.sqs;
    const seenAll = () => seen.started.size >= runs && seen.completed.size >= runs;
    while (!seenAll() && Date.now() < deadline) {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.probe,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['SentTimestamp'],
        }),
      );
      this.benchRequests++;
      for (const m of out.Messages ?? []) record(seen, m.Body!, Number(m.Attributes?.SentTimestamp));
      if (!seenAll() && (out.Messages?.length ?? 0) < 10)
        await new Promise((r) => setTimeout(r, PROBE_PAUSE_MS));
    }
  }

  /** Every run of the phase recorded complete in the events table, or a failure naming the rest. */
  private async waitRecorded(jobId: string, runs: number, seen: Seen, deadline: number): Promise<void> {
    const events = new EventsRepository(this.deps.clients.dynamo, this.deps.realm);
    let items: Awaited<ReturnType<EventsRepository['listRuns']>> = [];
    while (Date.now() < deadline) {
      items = await events.listRuns(jobId, runs + 10);
      this.benchRequests += Math.ceil(items.length / 1000) + 1;
      if (items.filter((r) => r.status === 'complete').length >= runs) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    const notComplete = items.filter((r) => r.status !== 'complete');
    const unrecorded = [...seen.runOf.keys()].filter((runId) => !items.some((r) => r.run_id === runId));
    throw new Error(
      [
        `${runs - (items.length - notComplete.length)} of ${runs} ${jobId} runs not recorded complete in the events table`,
        ...notComplete
          .slice(0, 20)
          .map(
            (r) =>
              `  run ${r.run_id}: status ${r.status}, log ${JSON.stringify((r.log ?? []).map((l) => l.status))}`,
          ),
        ...unrecorded
          .slice(0, 20)
          .map((id) => `  run ${id} (${seen.runOf.get(id)}): dispatched, but no events item`),
        `  dispatched ${seen.runOf.size}, started ${seen.started.size}, complete events ${seen.completed.size}`,
      ].join('\n'),
    );
  }
}

function record(seen: Seen, body: string, onBusAt: number): void {
  const ev = JSON.parse(body) as {
    detail: { status: string; run_id: string; idempotency_key?: string; ts_event?: string };
  };
  const d = ev.detail;
  if (d.status === 'dispatched' && d.idempotency_key) {
    seen.runOf.set(d.run_id, d.idempotency_key);
    seen.dispatched.set(d.run_id, onBusAt);
  }
  if (d.status === 'starting') seen.started.set(d.run_id, Date.parse(d.ts_event!));
  if (d.status === 'complete') seen.completed.add(d.run_id);
}

/**
 * The latency split at the dispatcher: request -> its `Job Dispatched` on the bus (the dispatcher's
 * share: receive, claim, run message sent, event published), then -> the worker's start stamp. The
 * event is published after the run message is sent, so the second part can be below zero.
 */
function hops(seen: Seen): string {
  const split = [...seen.started.entries()].flatMap(([runId, startedAt]) => {
    const requested = seen.requested.get(seen.runOf.get(runId) ?? '');
    const dispatched = seen.dispatched.get(runId);
    if (requested === undefined || dispatched === undefined || !Number.isFinite(dispatched)) return [];
    return [[dispatched - requested, startedAt - dispatched] as const];
  });
  const show = (values: number[]) => {
    const sorted = values.sort((a, b) => a - b);
    return `p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms`;
  };
  return `request->Job Dispatched on the bus ${show(split.map(([a]) => a))}; ->start ${show(split.map(([, b]) => b))}`;
}
