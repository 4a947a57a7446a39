/**
 * Measures AWS requests per dispatch and dispatch throughput of the dispatcher alone, against an
 * in-process local endpoint (requests counted there, minus the bench's own).
 *   node scripts/run-ts.js services/dispatcher/bench/dispatch-requests.bench.ts [runs]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import {
  BusPublisher,
  createAwsClients,
  createWorker,
  JobsRepository,
  loadAwsConfig,
  provisionRealm,
  realmNames,
} from '@lava/aws';
import { startAwsLocal } from '@lava/aws-local';
import { buildLavaEvent } from '@lava/core';
import { bootstrap as bootstrapDispatcher } from '../src/bootstrap';

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 1000);
  const aws = await startAwsLocal({ port: 0 });
  const realm = `b${Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join('')}`;
  const clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url }));
  await provisionRealm(clients, realm);
  const worker = await createWorker(clients, realm, 'core');
  await new JobsRepository(clients.dynamo, realm).put({
    job_id: 'bench',
    type: 'cmd',
    worker: 'core',
    payload: 'true',
  });
  const names = realmNames(realm);
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

  // Stage 1: the dispatcher alone, `runs` Dispatch Requested events with idempotency keys.
  const dispatcher = await bootstrapDispatcher(env);
  const requests = Array.from({ length: runs }, (_, i) =>
    buildLavaEvent(
      'Dispatch Requested',
      { job_id: 'bench', idempotency_key: randomUUID(), parameters: { i: String(i) } },
      { source: 'lava.cli' },
    ),
  );
  const before = aws.stats();
  own = 0;
  const t1 = Date.now();
  for (let i = 0; i < requests.length; i += 10) await bus.publish(requests.slice(i, i + 10));
  own += Math.ceil(runs / 10);
  await waitFor(async () => (await depth(worker.queueUrl)) >= runs);
  const dispatchMs = Date.now() - t1;
  const after = aws.stats();
  const dispatchReq = after.requests - before.requests - own;
  await dispatcher.stop();
  console.log(
    JSON.stringify({
      stage: 'dispatcher',
      runs,
      seconds: dispatchMs / 1000,
      per_second: Math.round(runs / (dispatchMs / 1000)),
      requests_per_dispatch: +(dispatchReq / runs).toFixed(2),
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
