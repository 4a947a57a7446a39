import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { AwsLocalBackendError } from '../errors';
import type { RawBackend } from '../server';
import { cacheParses, type ExpressionParser } from './expression-cache';

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
  private readonly server: Server;
  private readonly listener: RequestListener;

  constructor(options: { path?: string }) {
    this.server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
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

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.listener(req, res);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
