import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startAwsLocal, type AwsLocalHandle } from '@lava/aws-local';
import { threadCpu } from './process-cpu';

type Stats = ReturnType<AwsLocalHandle['stats']>;

/** The pipeline bench's AWS endpoint, running in a thread of its own. */
export interface BenchEndpoint {
  /** The value for `AWS_ENDPOINT_URL`. */
  url: string;
  /** Requests served so far, per service and per caller. */
  stats(): Promise<Stats>;
  /** CPU of the endpoint's thread so far, ms (10 ms ticks). */
  cpu(): number;
  stop(): Promise<void>;
}

type Request = { type: 'stats'; id: number } | { type: 'stop'; id: number };
type Answer = { id: number; stats?: Stats };
type Reply = { type: 'ready'; url: string; tid: number } | Answer;

const ROLE = 'pipeline-bench-endpoint';
const SWC_REGISTER = join(__dirname, '..', '..', 'scripts', 'swc-register.js');

/**
 * Starts aws-local in a worker thread. In the bench's own thread its CPU was read together with
 * that of the bench's SDK clients (dispatch, the probe); a thread of its own is read apart from
 * them in /proc/self/task.
 */
export function startEndpointThread(): Promise<BenchEndpoint> {
  const worker = new Worker(
    `require(${JSON.stringify(SWC_REGISTER)}); require(${JSON.stringify(__filename)});`,
    {
      eval: true,
      workerData: { role: ROLE },
    },
  );
  const pending = new Map<number, (answer: Answer) => void>();
  let next = 0;
  const ask = (type: Request['type']) =>
    new Promise<Answer>((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      worker.postMessage({ type, id } satisfies Request);
    });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (reply: Reply) => {
      if ('id' in reply) {
        pending.get(reply.id)?.(reply);
        pending.delete(reply.id);
        return;
      }
      worker.off('error', reject);
      resolve({
        url: reply.url,
        stats: async () => (await ask('stats')).stats!,
        cpu: () => threadCpu(reply.tid),
        stop: async () => {
          await ask('stop');
          await worker.terminate();
        },
      });
    });
  });
}

/** The thread's side: the endpoint, answering the bench's requests for stats and stop. */
async function serve(port: NonNullable<typeof parentPort>): Promise<void> {
  const aws = await startAwsLocal({ port: 0 });
  // /proc/thread-self/stat starts with this thread's id.
  const tid = Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);
  port.on('message', (request: Request) => {
    if (request.type === 'stats') port.postMessage({ id: request.id, stats: aws.stats() } satisfies Reply);
    else void aws.stop().then(() => port.postMessage({ id: request.id } satisfies Reply));
  });
  port.postMessage({ type: 'ready', url: aws.url, tid } satisfies Reply);
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === ROLE)
  void serve(parentPort);
