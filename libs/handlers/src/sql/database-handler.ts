import type { HandlerContext, HandlerResult } from '@lava/core';
import type { ConnectorRegistry } from '@lava/connectors';
import type { JobHandler } from '../handler';
import { defaultRegistry } from './db-session';

/**
 * A job type that opens database sessions (sql, sqli, sqlv, db_from_s3, redshift_unload): through
 * an injected connector registry (tests, custom builds) or else the shared default one.
 */
export abstract class DatabaseHandler implements JobHandler {
  abstract readonly type: string;

  constructor(protected readonly registry: ConnectorRegistry = defaultRegistry()) {}

  abstract run(ctx: HandlerContext): Promise<HandlerResult>;
}
