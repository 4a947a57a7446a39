/**
 * Pipeline benchmark: N trivial `cmd` jobs through the whole pipeline (bus -> dispatcher ->
 * worker -> audit logger), services as separate processes, the AWS endpoint in this process so
 * every AWS request the services make is counted.
 *
 *   npm run bench -w test -- [--runs 2000] [--concurrency 16] [--rate 40]
 *
 * Prints throughput (runs/s), dispatch->start latency p50/p99 and AWS requests per run.
 */
import { join, resolve } from 'node:path';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { createAwsClients, EventsRepository, JobsRepository, loadAwsConfig, realmNames } from '@lava/aws';
import { startAwsLocal } from '@lava/aws-local';
import { ProcessSupervisor, seedRealm } from '@lava/local-realm';
import { uniqueRealm } from '@lava/testing';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = resolve(__dirname, '..', '..');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const runs = arg('runs', 2000);
  const concurrency = arg('concurrency', 16);
  // 0 = one burst; otherwise dispatches per second (latency at a sustainable rate).
  const rate = arg('rate', 0);
  const aws = await startAwsLocal({ port: 0 });
  const realm = uniqueRealm('b');
  const env = {
    AWS_ENDPOINT_URL: aws.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    LAVA_REALM: realm,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const clients = createAwsClients(loadAwsConfig(env));
  const names = realmNames(realm);
  await seedRealm({ realm, workers: ['core'], env });
  await new JobsRepository(clients.dynamo, realm).put({
    job_id: 'noop',
    type: 'cmd',
    worker: 'core',
    enabled: true,
    payload: 'true',
  });

  // A probe queue on the bus for the events the bench measures (its traffic is subtracted below).
  const probe = (await clients.sqs.send(new CreateQueueCommand({ QueueName: `${realm}-bench-probe` })))
    .QueueUrl!;
  const probeArn = `arn:aws:sqs:us-east-1:000000000000:${realm}-bench-probe`;
  await clients.eventBridge.send(
    new PutRuleCommand({
      Name: `${realm}-bench`,
      EventBusName: names.bus,
      EventPattern: JSON.stringify({
        'detail-type': ['Job Run Started', 'Job Dispatched'],
        detail: { status: ['starting', 'dispatched'] },
      }),
    }),
  );
  await clients.eventBridge.send(
    new PutTargetsCommand({
      Rule: `${realm}-bench`,
      EventBusName: names.bus,
      Targets: [{ Id: 'probe', Arn: probeArn }],
    }),
  );

  const supervisor = new ProcessSupervisor({
    runTs: join(ROOT, 'scripts/run-ts.js'),
    baseEnv: process.env,
    format: { colour: false, json: true },
    output: (l) => {
      if (process.env.LAVA_BENCH_VERBOSE) process.stdout.write(l + '\n');
    },
  });
  const serviceEnv = {
    ...env,
    LAVA_WORKER: 'core',
    LAVA_HEALTH_PORT: '0',
    LAVA_LOG_LEVEL: 'warn',
    LAVA_WORKER_CONCURRENCY: String(concurrency),
    LAVA_WAIT_SECONDS: '20',
    ...benchEnv(),
  };
  for (const name of ['audit-logger', 'dispatcher', 'worker']) {
    // Each service signs with its own access key id, so the endpoint can count requests per service.
    await supervisor.start({
      name,
      entry: join(ROOT, 'services', name, 'src', 'main.ts'),
      env: { ...serviceEnv, AWS_ACCESS_KEY_ID: name },
    });
  }
  process.stdout.write(
    `pipeline bench: ${runs} cmd runs, ${rate ? `${rate}/s` : 'one burst'}, worker concurrency ${concurrency}, realm ${realm}\n`,
  );

  const requested = new Map<string, number>();
  const runOf = new Map<string, string>();
  const started = new Map<string, number>();
  let benchRequests = 0;
  const dispatchedSeen: number[] = [];
  const before = aws.stats().requests;
  const t0 = Date.now();
  for (let i = 0; i < runs; i += 10) {
    const entries = [];
    for (let j = i; j < Math.min(runs, i + 10); j++) {
      const key = `bench-${j}`;
      entries.push({
        EventBusName: names.bus,
        Source: 'lava.cli',
        DetailType: 'Dispatch Requested',
        Detail: JSON.stringify({ schema_version: 1, job_id: 'noop', idempotency_key: key }),
      });
      requested.set(key, Date.now());
    }
    await clients.eventBridge.send(new PutEventsCommand({ Entries: entries }));
    benchRequests++;
    if (rate > 0) {
      const due = t0 + ((i + 10) / rate) * 1000;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    }
  }
  const deadline = Date.now() + 300_000;
  while (started.size < runs && Date.now() < deadline) {
    const out = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: probe, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    benchRequests++;
    for (const m of out.Messages ?? []) {
      const ev = JSON.parse(m.Body!) as {
        detail: { status: string; run_id: string; idempotency_key?: string; ts_event?: string };
      };
      if (ev.detail.status === 'dispatched' && ev.detail.idempotency_key) {
        runOf.set(ev.detail.run_id, ev.detail.idempotency_key);
        dispatchedSeen.push(Date.now() - t0);
      }
      if (ev.detail.status === 'starting') started.set(ev.detail.run_id, Date.parse(ev.detail.ts_event!));
    }
    if (out.Messages?.length) {
      await clients.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: probe,
          Entries: out.Messages.map((m, k) => ({ Id: String(k), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
      benchRequests++;
    }
  }
  // Wait for every run to be complete in the events table (the audit logger's writes count too).
  const events = new EventsRepository(clients.dynamo, realm);
  let complete = 0;
  let items: Awaited<ReturnType<EventsRepository['listRuns']>> = [];
  while (Date.now() < deadline) {
    items = await events.listRuns('noop', runs + 10);
    benchRequests += Math.ceil(items.length / 1000) + 1;
    complete = items.filter((r) => r.status === 'complete').length;
    if (complete >= runs) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const elapsed = (Date.now() - t0) / 1000;
  const probeDeliveries = started.size + runOf.size;
  const serviceRequests = aws.stats().requests - before - benchRequests;
  const latencies = [...started.entries()]
    .map(([runId, at]) => at - (requested.get(runOf.get(runId) ?? '') ?? NaN))
    .filter((v) => Number.isFinite(v))
    .sort((a, b) => a - b);
  process.stdout.write(
    [
      `runs complete:              ${complete} / ${runs} in ${elapsed.toFixed(1)} s`,
      `throughput:                 ${(complete / elapsed).toFixed(1)} runs/s`,
      `dispatch->start latency:    p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms (${latencies.length} samples)`,
      `stages:                     all dispatched by ${((dispatchedSeen.at(-1) ?? NaN) / 1000).toFixed(1)} s, all started by ${((Math.max(...started.values()) - t0) / 1000).toFixed(1)} s`,
      `AWS requests per run:       ${(serviceRequests / runs).toFixed(2)} (services only; ${serviceRequests} requests; bench's own ${benchRequests} and probe deliveries ${probeDeliveries} excluded)`,
      `requests per run by caller and operation:`,
      ...Object.entries(aws.stats().byCaller)
        .filter(([k]) => ['audit-logger', 'dispatcher', 'worker'].includes(k.split(' ')[0]!))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, n]) => `  ${k.padEnd(48)} ${(n / runs).toFixed(2)}`),
      '',
    ].join('\n'),
  );
  await supervisor.stopAll();
  clients.destroy();
  await aws.stop();
  // A run not recorded complete is a failure of the pipeline, not a slow sample: say which.
  const notComplete = items.filter((r) => r.status !== 'complete');
  const unrecorded = [...runOf.keys()].filter((runId) => !items.some((r) => r.run_id === runId));
  if (complete < runs) {
    const lines = [
      `bench failed: ${runs - complete} of ${runs} runs not recorded complete in the events table`,
      ...notComplete
        .slice(0, 20)
        .map(
          (r) =>
            `  run ${r.run_id}: status ${r.status}, log ${JSON.stringify((r.log ?? []).map((l) => l.status))}`,
        ),
      ...unrecorded
        .slice(0, 20)
        .map((runId) => `  run ${runId} (${runOf.get(runId)}): dispatched, but no events item`),
      `  dispatched ${runOf.size}, started ${started.size}`,
    ];
    process.stderr.write(lines.join('\n') + '\n');
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

/** Extra service settings from LAVA_BENCH_ENV="K=V,K=V" (to compare tunings). */
function benchEnv(): Record<string, string> {
  const raw = process.env.LAVA_BENCH_ENV ?? '';
  return Object.fromEntries(
    raw
      .split(',')
      .filter(Boolean)
      .map((kv) => kv.split('=') as [string, string]),
  );
}
