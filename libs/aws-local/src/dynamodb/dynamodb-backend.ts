import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { readBody } from '../edge/body';
import { AwsLocalBackendError } from '../errors';
import type { RawBackend } from '../server';
import { dynaliteDb, type Store } from './dynalite-internals';
import { cacheParses, type ExpressionParser } from './expression-cache';
import { DynamoAnswerError, TransactWriter } from './transact-write';

// dynalite ships no types; this is the slice of its API used here.
type DynaliteFactory = (options: {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as DynaliteFactory;
// dynalite calls `parse` on these modules' exports for every request: cache them (once per process).
for (const name of ['conditionParser', 'updateParser', 'projectionParser'])
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  cacheParses(require(`dynalite/db/${name}`) as ExpressionParser);

/**
 * DynamoDB through embedded dynalite. Requests are handed to dynalite's request listener in-process
 * (no proxy hop, bodies untouched so its x-amz-crc32 stays right). dynalite also listens on an
 * internal loopback port only so that its own `close()` shuts its LevelDB store down cleanly.
 */
export class DynamoDbBackend implements RawBackend {
  private server!: Server;
  private readonly listener: RequestListener;
  private readonly transactions: TransactWriter;

  constructor(options: { path?: string }) {
    const store = captureStore(() => {
      this.server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    });
    this.transactions = new TransactWriter(store);
    const listener = this.server.listeners('request')[0] as RequestListener | undefined;
    if (!listener) throw new AwsLocalBackendError('dynalite exposes no request listener');
    this.listener = listener;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', (error) =>
        reject(new AwsLocalBackendError('dynalite failed to start', error)),
      );
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
  }

  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void> {
    // dynalite 4 has no transactions: TransactWriteItems is answered here, over its store.
    if (req.headers['x-amz-target'] === 'DynamoDB_20120810.TransactWriteItems')
      return this.transact(req, res);
    this.listener(req, res);
  }

  private async transact(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let status = 200;
    let answer: Record<string, unknown>;
    try {
      answer = await this.transactions.write(parseJson(await readBody(req)));
    } catch (err) {
      const e = err as { statusCode?: number; body?: Record<string, unknown> };
      if (!(err instanceof DynamoAnswerError) && !(e.statusCode && e.body)) throw err;
      status = e.statusCode!;
      answer = e.body!;
    }
    const payload = Buffer.from(JSON.stringify(answer));
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': payload.length,
      'x-amzn-requestid': randomUUID(),
      // The SDK checks DynamoDB answers against this checksum.
      'x-amz-crc32': crc32(payload),
    });
    res.end(payload);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function parseJson(body: Buffer): Record<string, unknown> {
  try {
    return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new DynamoAnswerError(400, { __type: 'com.amazon.coral.service#SerializationException' });
  }
}

/** Runs `start` (which creates a dynalite server) and returns the store that server made. */
function captureStore(start: () => void): Store {
  const create = dynaliteDb.create;
  let store: Store | undefined;
  dynaliteDb.create = (options) => (store = create(options));
  try {
    start();
  } finally {
    dynaliteDb.create = create;
  }
  if (!store) throw new AwsLocalBackendError('dynalite created no store');
  return store;
}
