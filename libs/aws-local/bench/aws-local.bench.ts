/**
 * Benchmarks of the local AWS endpoint (run: `npm run bench` in libs/aws-local).
 * The endpoint runs in a child process (as `npx lava-aws-local` would), so client and server each
 * get a core; clients use keep-alive agents. Targets: >= 2,000 SQS round trips/s, long-poll
 * wake-up p99 <= 20 ms, >= 1,000 routed events/s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  DeleteMessageBatchCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import {
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';

const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

function clientConfig(url: string) {
  return {
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 128 }) },
  };
}

function startEndpoint(): Promise<{ url: string; child: ChildProcess }> {
  const bin = join(__dirname, '..', 'bin', 'lava-aws-local.js');
  const child = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ url: match[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`endpoint exited with ${code}`)));
  });
}

async function sqsRoundTrips(sqs: SQSClient): Promise<number> {
  const queues = await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) =>
      sqs.send(new CreateQueueCommand({ QueueName: `bench-rt-${i}` })).then((r) => r.QueueUrl!),
    ),
  );
  let done = 0;
  const deadline = Date.now() + DURATION_MS;
  const started = Date.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    queues.map(async (QueueUrl) => {
      while (Date.now() < deadline) {
        await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'bench message body' }));
        const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
        await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle }));
        done++;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  console.log(`  client CPU per round trip: ${((used.user + used.system) / done / 1000).toFixed(2)} ms`);
  return done / ((Date.now() - started) / 1000);
}

/** Same loop with SendMessageBatch/ReceiveMessage(10)/DeleteMessageBatch: 10 round trips per 3 calls. */
async function sqsBatchedRoundTrips(sqs: SQSClient): Promise<number> {
  const queues = await Promise.all(
    Array.from({ length: CONCURRENCY / 4 }, (_, i) =>
      sqs.send(new CreateQueueCommand({ QueueName: `bench-batch-${i}` })).then((r) => r.QueueUrl!),
    ),
  );
  let done = 0;
  const deadline = Date.now() + DURATION_MS;
  const started = Date.now();
  await Promise.all(
    queues.map(async (QueueUrl) => {
      while (Date.now() < deadline) {
        const Entries = Array.from({ length: 10 }, (_, i) => ({
          Id: `m${i}`,
          MessageBody: 'bench message body',
        }));
        await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries }));
        let pending = 10;
        while (pending > 0) {
          const { Messages = [] } = await sqs.send(
            new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
          );
          if (Messages.length === 0) continue;
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl,
              Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
            }),
          );
          pending -= Messages.length;
          done += Messages.length;
        }
      }
    }),
  );
  return done / ((Date.now() - started) / 1000);
}

/** Minimal awsJson caller without the SDK: shows what the endpoint itself sustains. */
function rawCall(
  agent: Agent,
  url: URL,
  op: string,
  body: Record<string, unknown>,
): Promise<Record<string, any>> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `AmazonSQS.${op}`,
          'content-length': Buffer.byteLength(data),
          authorization:
            'AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve(JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, any>),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function rawRoundTrips(endpoint: string): Promise<number> {
  const url = new URL(endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const queues = await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) =>
      rawCall(agent, url, 'CreateQueue', { QueueName: `bench-raw-${i}` }),
    ),
  );
  let done = 0;
  const deadline = Date.now() + DURATION_MS;
  const started = Date.now();
  await Promise.all(
    queues.map(async ({ QueueUrl }) => {
      while (Date.now() < deadline) {
        await rawCall(agent, url, 'SendMessage', { QueueUrl, MessageBody: 'bench message body' });
        const { Messages } = await rawCall(agent, url, 'ReceiveMessage', { QueueUrl, WaitTimeSeconds: 1 });
        await rawCall(agent, url, 'DeleteMessage', { QueueUrl, ReceiptHandle: Messages[0].ReceiptHandle });
        done++;
      }
    }),
  );
  agent.destroy();
  return done / ((Date.now() - started) / 1000);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function longPollWakeUp(sqs: SQSClient, samples = 200): Promise<{ p50: number; p99: number }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench-longpoll' }));
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    // Give the receive time to park on the server before sending.
    await new Promise((r) => setTimeout(r, 5));
    const sent = performance.now();
    await Promise.all([
      sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `m${i}` })),
      waiting.then(() => latencies.push(performance.now() - sent)),
    ]);
    const { Messages } = await waiting;
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle }));
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function eventsRouted(url: string, sqs: SQSClient, total = 5000): Promise<number | undefined> {
  const events = new EventBridgeClient(clientConfig(url));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench-events' }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  try {
    await events.send(
      new PutRuleCommand({
        Name: 'bench-rule',
        EventPattern: JSON.stringify({ source: ['bench'], detail: { n: [{ numeric: ['>=', 0] }] } }),
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'UnknownOperationException') return undefined;
    throw error;
  }
  await events.send(
    new PutTargetsCommand({ Rule: 'bench-rule', Targets: [{ Id: 'q', Arn: Attributes!.QueueArn }] }),
  );
  const started = performance.now();
  const batches = total / 10;
  let next = 0;
  const putters = Array.from({ length: 8 }, async () => {
    while (next < batches) {
      const b = next++;
      const Entries = Array.from({ length: 10 }, (_, i) => ({
        Source: 'bench',
        DetailType: 'tick',
        Detail: JSON.stringify({ n: b * 10 + i }),
      }));
      await events.send(new PutEventsCommand({ Entries }));
    }
  });
  let received = 0;
  const drainers = Array.from({ length: 8 }, async () => {
    while (received < total) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      received += Messages.length;
      if (Messages.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl,
            Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
      }
    }
  });
  await Promise.all([...putters, ...drainers]);
  return total / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  // BENCH_URL measures an endpoint that is already running (e.g. one started under a profiler).
  const { url, child } = process.env.BENCH_URL
    ? { url: process.env.BENCH_URL, child: undefined }
    : await startEndpoint();
  try {
    const sqs = new SQSClient(clientConfig(url));
    const rt = await sqsRoundTrips(sqs);
    console.log(
      `SQS send+receive+delete round trips/s (one client, ${CONCURRENCY} in flight): ${rt.toFixed(0)}  (target >= 2000)`,
    );
    const raw = await rawRoundTrips(url);
    console.log(
      `SQS round trips/s from a plain HTTP client (endpoint capacity without SDK overhead): ${raw.toFixed(0)}`,
    );
    const batched = await sqsBatchedRoundTrips(sqs);
    console.log(
      `SQS round trips/s with batches of 10 (SendMessageBatch, ReceiveMessage x10, DeleteMessageBatch): ${batched.toFixed(0)}`,
    );
    const wake = await longPollWakeUp(sqs);
    console.log(
      `Long-poll wake-up latency (send -> waiting receive returns): p50 ${wake.p50.toFixed(2)} ms, p99 ${wake.p99.toFixed(2)} ms  (target p99 <= 20 ms)`,
    );
    const routed = await eventsRouted(url, sqs);
    console.log(
      routed === undefined
        ? 'Events routed/s: EventBridge not available'
        : `Events routed/s (PutEvents x10 -> rule -> SQS, until all received): ${routed.toFixed(0)}  (target >= 1000)`,
    );
  } finally {
    child?.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
