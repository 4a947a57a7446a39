import { ConnectionsRepository } from '@lava/aws';
import {
  ConnectorError,
  type ConnectionSpec,
  type ConnectorRegistry,
  type ResolveContext,
  type ResolvedConnection,
} from '@lava/connectors';
import { BrokerRefusedError } from './errors';
import { TtlCache } from './ttl-cache';

/** Reads connection specs (a seam so tests and the resolver do not need DynamoDB directly). */
export interface ConnectionSpecSource {
  get(connId: string): Promise<ConnectionSpec | undefined>;
}

/** `lava.<realm>.connections`, read with a consistent read (a disabled connection stops at once). */
export class DynamoConnectionSpecs implements ConnectionSpecSource {
  constructor(private readonly repo: ConnectionsRepository) {}

  async get(connId: string): Promise<ConnectionSpec | undefined> {
    return (await this.repo.get(connId, true)) as ConnectionSpec | undefined;
  }
}

/**
 * Turns a conn_id into a resolved connection (every secret fetched) through the connector
 * registry, and keeps the result for a short TTL. Only called after a grant was accepted.
 */
export class ConnectionResolver {
  private readonly cache: TtlCache<ResolvedConnection>;

  constructor(
    private readonly specs: ConnectionSpecSource,
    private readonly registry: ConnectorRegistry,
    private readonly context: ResolveContext,
    cacheSeconds: number,
    now: () => number = Date.now,
  ) {
    this.cache = new TtlCache(cacheSeconds * 1000, now);
  }

  resolve(connId: string): Promise<ResolvedConnection> {
    return this.cache.get(connId, () => this.load(connId));
  }

  private async load(connId: string): Promise<ResolvedConnection> {
    const spec = await this.specs.get(connId);
    if (!spec) throw new BrokerRefusedError('CONNECTION_NOT_FOUND', `No such connection: ${connId}`);
    try {
      return await this.registry.resolve(spec, this.context);
    } catch (err) {
      if (err instanceof ConnectorError) {
        const code = err.code === 'SECRET_UNAVAILABLE' ? 'SECRET_UNAVAILABLE' : 'CONNECTION_UNUSABLE';
        throw new BrokerRefusedError(code, `connection ${connId}: ${err.message}`);
      }
      throw err;
    }
  }
}
