/**
 * Measures AWS requests per audited event and event throughput of the audit logger alone: per
 * run the events a trivial run produces (Dispatch Requested, Job Dispatched, starting, running,
 * complete), queued first, then drained. Requests are counted at the in-process local endpoint.
 *   node scripts/run-ts.js services/audit-logger/bench/audit-requests.bench.ts [runs]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { BusPublisher, createAwsClients, loadAwsConfig, provisionRealm, realmNames } from '@lava/aws';
import { startAwsLocal } from '@lava/aws-local';
import { bootstrap as bootstrapAudit } from '../src/bootstrap';
import { buildLavaEvent, type LavaEventEntry } from '@lava/core';

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 1000);
  const aws = await startAwsLocal({ port: 0 });
  const realm = `b${Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join('')}`;
  const clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url }));
  await provisionRealm(clients, realm);
  const names = realmNames(realm);
  const auditQueue = (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: names.queues.audit })))
    .QueueUrl!;
  const env = {
    LAVA_REALM: realm,
    AWS_ENDPOINT_URL: aws.url,
    LAVA_HEALTH_PORT: '0',
    LAVA_HEALTH_HOST: '127.0.0.1',
    LAVA_LOG_LEVEL: 'warn',
    LAVA_WAIT_SECONDS: '1',
    ...extraEnv(),
  };
  const bus = new BusPublisher(clients.eventBridge, names.bus);
  let own = 0;
  const depth = async (url: string) => {
    own++;
    const a =
      (await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] })))
        .Attributes ?? {};
    return Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible);
  };
  const waitFor = async (probe: () => Promise<boolean>) => {
    while (!(await probe())) await new Promise((r) => setTimeout(r, 100));
  };

  const runEvents: LavaEventEntry[] = [];
  for (let i = 0; i < runs; i++) {
    const base = { realm, job_id: 'bench', run_id: randomUUID(), worker: 'core', hostname: 'h' };
    const t = Date.now();
    runEvents.push(
      buildLavaEvent(
        'Dispatch Requested',
        { job_id: 'bench', idempotency_key: randomUUID() },
        { source: 'lava.cli' },
      ),
      buildLavaEvent(
        'Job Dispatched',
        {
          realm,
          job_id: 'bench',
          run_id: base.run_id,
          worker: 'core',
          status: 'dispatched',
          ts_dispatch: new Date(t - 5).toISOString(),
        },
        { source: 'lava.dispatcher' },
      ),
      buildLavaEvent(
        'Job Run Started',
        { ...base, status: 'starting', ts_event: new Date(t).toISOString() },
        { source: 'lava.worker' },
      ),
      buildLavaEvent(
        'Job Run Started',
        { ...base, status: 'running', ts_event: new Date(t + 1).toISOString(), info: 'Iteration 1' },
        { source: 'lava.worker' },
      ),
      buildLavaEvent(
        'Job Run Succeeded',
        { ...base, status: 'complete', ts_event: new Date(t + 20).toISOString(), info: { exit_status: 0 } },
        { source: 'lava.worker' },
      ),
    );
  }
  for (let i = 0; i < runEvents.length; i += 10) await bus.publish(runEvents.slice(i, i + 10));
  const audited = runEvents.length;
  const before = aws.stats();
  own = 0;
  const t2 = Date.now();
  const audit = await bootstrapAudit(env);
  await waitFor(async () => (await depth(auditQueue)) === 0);
  const auditMs = Date.now() - t2;
  const after = aws.stats();
  await audit.stop();
  const auditReq = after.requests - before.requests - own;
  console.log(
    JSON.stringify({
      stage: 'audit-logger',
      events: audited,
      seconds: auditMs / 1000,
      per_second: Math.round(audited / (auditMs / 1000)),
      requests_per_event: +(auditReq / audited).toFixed(2),
      by_service: diff(before.byService, after.byService),
    }),
  );
  clients.destroy();
  await aws.stop();
}

function diff(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.keys(b)
      .map((k) => [k, b[k]! - (a[k] ?? 0)])
      .filter(([, v]) => (v as number) > 0),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/** `LAVA_*` overrides from this process's environment (e.g. LAVA_AUDIT_CONCURRENCY=64). */
function extraEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (kv): kv is [string, string] => kv[0].startsWith('LAVA_') && kv[1] !== undefined,
    ),
  );
}
