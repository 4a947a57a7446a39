import type { HandlerContext } from '@lava/core';
import {
  checkS3ImportArgs,
  loadDelimited,
  requireS3Import,
  s3ImportFor,
  type LoadMode,
  type LoadResult,
  type ResolvedDbConnection,
  type S3Import,
  type SqlSession,
} from '@lava/connectors';
import { resolveSources } from './load-sources';
import type { S3Access } from './s3-credentials';

export type LoadMethod = 'auto' | 'server' | 'copy' | 'insert';

/**
 * The server-side load a db_from_s3 run uses, or undefined to stream the data through the worker.
 * `auto` loads server-side where the original did (Redshift COPY, RDS/Aurora PostgreSQL
 * `aws_s3.table_import_from_s3`, Aurora MySQL `LOAD DATA FROM S3`) — except a GZIP object for
 * `aws_s3`, which would need Content-Encoding metadata the original set on the user's object;
 * Lava streams it instead. `copy`/`insert` always stream; `server` insists.
 */
export function serverLoadFor(
  resolved: ResolvedDbConnection,
  method: LoadMethod,
  args: readonly string[],
): S3Import | undefined {
  if (method === 'copy' || method === 'insert') return undefined;
  const load = method === 'server' ? requireS3Import(resolved) : s3ImportFor(resolved);
  if (load === undefined) return undefined;
  checkS3ImportArgs(load, args);
  const gzip = args.some((a) => /^\s*GZIP\b/i.test(a));
  return gzip && !load.readsGzip && method === 'auto' ? undefined : load;
}

export interface ServerLoadInput {
  session: SqlSession;
  resolved: ResolvedDbConnection;
  load: S3Import;
  bucket: string;
  key: string;
  schema: string;
  table: string;
  mode: LoadMode;
  columns?: string[];
  args: string[];
  minSize: number;
  /** `s3_conn_id` keys (else the database's IAM role reads S3). */
  access?: S3Access;
  iamRole?: string;
  region?: string;
  signal: AbortSignal;
  events: string[];
}

/**
 * Runs the engine's own S3 load inside the loader's modes and transaction. Runt objects are
 * skipped by HEAD before the table is touched; a manifest the engine cannot read is resolved here
 * and loaded one statement per entry. Only the masked statement reaches events.
 */
export async function runServerLoad(
  ctx: HandlerContext,
  i: ServerLoadInput,
): Promise<LoadResult | undefined> {
  const uri = `s3://${i.bucket}/${i.key}`;
  const manifest = i.args.some((a) => /^\s*MANIFEST\b/i.test(a));
  let keys = [{ bucket: i.bucket, key: i.key }];
  if ((manifest && !i.load.readsManifest) || i.minSize > 0) {
    const sources = await resolveSources(
      ctx.objects!,
      uri,
      manifest && !i.load.readsManifest,
      i.minSize,
      i.events,
    );
    if (sources.length === 0) return undefined;
    keys = sources.map((s) => splitUri(s.uri));
  }
  return loadDelimited(i.session, {
    schema: i.schema,
    table: i.table,
    mode: i.mode,
    columns: i.columns,
    preserveCase: i.resolved.db.preserveCase,
    source: nothing(), // the engine reads S3 itself
    signal: i.signal,
    serverLoad: async (target, columns) => {
      const events: string[] = [];
      let rows: number | undefined = 0;
      for (const k of keys) {
        const stmt = i.load.statement({
          target,
          columns,
          ...k,
          region: i.access?.region ?? i.region,
          args: i.args,
          credentials: i.access?.credentials,
          iamRole: i.iamRole,
        });
        events.push(`COPY command: ${stmt.logged}`);
        const result = await i.session.execute(stmt.sql, { signal: i.signal });
        const n = i.load.rowsLoaded(result);
        rows = n === undefined || rows === undefined ? undefined : rows + n;
        events.push(`Copied s3://${k.bucket}/${k.key}${n === undefined ? '' : `: ${n} rows`}`);
      }
      return { rows, events };
    },
  });
}

async function* nothing(): AsyncGenerator<string> {}

function splitUri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  return { bucket: m?.[1] ?? '', key: m?.[2] ?? '' };
}
