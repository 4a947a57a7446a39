import { parseSize, JobFailedError, type HandlerContext, type HandlerResult, runConfig } from '@lava/core';
import { LOAD_MODES, loadDelimited, type LoadMode } from '@lava/connectors';
import { BadParametersError } from '../errors';
import { DatabaseHandler } from '../sql/database-handler';
import { checkDeclaredParameters, jinjaParameter, varsParameter } from '../exec/parameters';
import { closeQuietly, databaseConnection, failureFrom, openSession } from '../sql/db-session';
import { parseLoadArgs } from '../sql/load-args';
import { resolveSources, sourceText } from '../sql/load-sources';
import { s3Access, workerRegion } from '../sql/s3-credentials';
import { runServerLoad, serverLoadFor, type LoadMethod } from '../sql/server-load';
import { boolParameter, durationMs, positiveInt, stringParameter } from '../sql/sql-parameters';

/**
 * `db_from_s3` for PostgreSQL (COPY FROM STDIN or batched INSERT), MySQL/MariaDB
 * and SQLite (batched INSERT). The worker streams the CSV from S3 into the database in one
 * transaction, so a failure leaves the target as it was. Fixes over the original: ESCAPECHAR is
 * honoured, runt files are skipped before the table is touched, batch loads instead of row-at-a-time,
 * and `abort` fails only when the table already holds rows.
 */
export class DbFromS3Handler extends DatabaseHandler {
  readonly type = 'db_from_s3';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    checkDeclaredParameters(this.type, p);
    const mode = String(p.mode).toLowerCase() as LoadMode;
    if (!LOAD_MODES.includes(mode)) throw new BadParametersError(this.type, `Bad mode: ${String(p.mode)}`);
    const objects = ctx.objects;
    if (objects === undefined)
      throw new JobFailedError(
        'UNSUPPORTED',
        'db_from_s3 needs S3 object access, which this worker does not provide',
        { exit_status: 1 },
      );
    const jinja = jinjaParameter(p.jinja);
    const vars = varsParameter(this.type, p.vars);
    const render = async (field: string, extra: Record<string, unknown> = {}): Promise<string> => {
      const raw = stringParameter(this.type, field, p[field]);
      return jinja ? (await ctx.renderer.render(raw, `parameters.${field}`, { vars, ...extra })).trim() : raw;
    };
    const minSize = sizeParameter(p.min_size);
    const columns = columnsParameter(p.columns);
    const events: string[] = [];
    const bucket = await render('bucket');
    const key = await render('key');
    const result = (extra: Record<string, unknown> = {}): HandlerResult => ({
      exit_status: 0,
      bucket,
      key,
      events,
      ...extra,
    });
    const uri = `s3://${bucket}/${key}`;
    if (
      boolParameter(this.type, 'skip_missing', p.skip_missing, false) &&
      (await objects.head(uri)) === undefined
    ) {
      events.push('Skipped missing object');
      return this.done(ctx, result());
    }
    const schema = derive(await render('schema', { bucket, key }), key, 'schema');
    const table = derive(await render('table', { bucket, key }), key, 'table');
    const method = methodParameter(p.method);
    const batchSize = positiveInt(this.type, 'batch_size', p.batch_size, 1000);
    const timeout = durationMs(
      this.type,
      'timeout',
      p.timeout ?? ctx.config('DB_FROM_S3_TIMEOUT') ?? runConfig(ctx, 'PG_COPY_TIMEOUT'),
    )!;

    const dbConnId = stringParameter(this.type, 'db_conn_id', p.db_conn_id);
    const resolved = await databaseConnection(ctx, dbConnId);
    const rawArgs = argsList(p.args);
    const server = (() => {
      try {
        return serverLoadFor(resolved, method, rawArgs);
      } catch (err) {
        throw this.copyFailure(err, ctx.signal, ctx, timeout, resolved, { bucket, key, events });
      }
    })();
    if (server !== undefined) {
      const s3ConnId =
        p.s3_conn_id === undefined ? undefined : stringParameter(this.type, 's3_conn_id', p.s3_conn_id);
      const access = s3ConnId === undefined ? undefined : await s3Access(ctx, this.type, s3ConnId);
      const db = await openSession(ctx, dbConnId, this.registry, resolved);
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeout)]);
      const secretsToo = {
        ...resolved,
        secretValues: [...resolved.secretValues, ...(access?.secretValues ?? [])],
      };
      try {
        const loaded = await runServerLoad(ctx, {
          session: db.session,
          resolved,
          load: server,
          bucket,
          key,
          schema,
          table,
          mode,
          columns,
          args: rawArgs,
          minSize,
          access,
          iamRole:
            p.s3_iam_role === undefined
              ? undefined
              : stringParameter(this.type, 's3_iam_role', p.s3_iam_role),
          region: workerRegion(ctx),
          signal,
          events,
        });
        if (loaded === undefined) {
          events.push('Nothing to load; target left unchanged');
          return this.done(ctx, result({ rows: 0 }));
        }
        events.push(...loaded.events);
        return this.done(
          ctx,
          result({ ...(loaded.rows === undefined ? {} : { rows: loaded.rows }), table: loaded.table }),
        );
      } catch (err) {
        throw this.copyFailure(err, signal, ctx, timeout, secretsToo, { bucket, key, events });
      } finally {
        await closeQuietly(db.session);
      }
    }
    const args = parseLoadArgs(p.args);
    const sources = await resolveSources(objects, uri, args.manifest, minSize, events);
    if (sources.length === 0) {
      events.push('Nothing to load; target left unchanged');
      return this.done(ctx, result({ rows: 0 }));
    }
    const db = await openSession(ctx, dbConnId, this.registry, resolved);
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeout)]);
    try {
      // One object: the CSV reader skips the header (quoted newlines safe); several: each object's own.
      const single = sources.length === 1;
      const loaded = await loadDelimited(db.session, {
        schema,
        table,
        mode,
        columns,
        method: method === 'server' ? 'auto' : method, // 'server' never streams (serverLoadFor)
        batchSize,
        preserveCase: db.resolved.db.preserveCase,
        header: single ? args.header : 0,
        source: sourceText(objects, sources, { gzip: args.gzip, skipLines: single ? 0 : args.header }),
        delimiter: args.delimiter,
        quotechar: args.quotechar,
        escapechar: args.escapechar,
        doublequote: args.doublequote,
        signal,
      });
      events.push(...loaded.events);
      return this.done(ctx, result({ rows: loaded.rows, table: loaded.table }));
    } catch (err) {
      throw this.copyFailure(err, signal, ctx, timeout, db.resolved, { bucket, key, events });
    } finally {
      await closeQuietly(db.session);
    }
  }

  /** `Copy failed: …` (the original's wording), or the timeout, with every known secret masked. */
  private copyFailure(
    err: unknown,
    signal: AbortSignal,
    ctx: HandlerContext,
    timeout: number,
    resolved: Parameters<typeof failureFrom>[1],
    data: Record<string, unknown>,
  ): JobFailedError {
    const timedOut = signal.aborted && !ctx.signal.aborted;
    const failure = failureFrom(err, resolved, { exit_status: 1, ...data });
    const message = timedOut
      ? `Copy failed: timed out after ${(timeout / 1000).toFixed(1)} seconds`
      : `Copy failed: ${failure.message.replace(/^Load failed: /, '')}`;
    return new JobFailedError(timedOut ? 'LOAD_TIMEOUT' : failure.code, message, {
      ...failure.data,
      error: message,
    });
  }

  private done(ctx: HandlerContext, result: HandlerResult): HandlerResult {
    if (ctx.dev) for (const e of result.events as string[]) ctx.logger.info(e);
    return result;
  }
}

function sizeParameter(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0;
  try {
    return parseSize(value as string | number);
  } catch {
    throw new BadParametersError('db_from_s3', `min_size: bad size ${JSON.stringify(value)}`);
  }
}

function columnsParameter(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((c) => typeof c === 'string' && c.trim() !== '')
  ) {
    throw new BadParametersError('db_from_s3', 'columns must be a non-empty list of column specs');
  }
  return value as string[];
}

function methodParameter(value: unknown): LoadMethod {
  const m = String(value ?? 'auto').toLowerCase();
  if (m !== 'copy' && m !== 'insert' && m !== 'auto' && m !== 'server')
    throw new BadParametersError('db_from_s3', `method must be auto, server, copy or insert`);
  return m;
}

/** `args` as written: a list of strings (the engine's own COPY options). */
function argsList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((a) => typeof a === 'string'))
    throw new BadParametersError('db_from_s3', 'args must be a list of strings');
  return value as string[];
}

/**
 * A name starting with `/` is a regex applied (search) to the key with every suffix removed
 * (`in/sales.2024.csv.gz` -> `in/sales`); group 1 is the name. Names are lower-cased, literal
 * or derived, as the original did. Error texts are the original's (alerts match on them).
 */
export function derive(name: string, key: string, what: string): string {
  if (!name.startsWith('/')) return name.toLowerCase();
  const base = key.replace(/(^|\/)([^/.]*)\.[^/]*$/, '$1$2');
  let re: RegExp;
  try {
    re = new RegExp(name.slice(1));
  } catch {
    throw new JobFailedError('BAD_JOB_PARAMETERS', `Bad ${what} regex: ${name.slice(1)}`, { exit_status: 1 });
  }
  const match = re.exec(base);
  if (!match)
    throw new JobFailedError('LOAD_FAILED', `Object name ${base} does not match ${what} regex`, {
      exit_status: 1,
    });
  if (match.length < 2)
    throw new JobFailedError('BAD_JOB_PARAMETERS', `Regex for ${what} does not contain a capture group`, {
      exit_status: 1,
    });
  return (match[1] ?? '').toLowerCase();
}
