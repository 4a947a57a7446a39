import { inOrder, JobFailedError, type HandlerContext, type HandlerResult } from '@lava/core';
import { redshiftAuthorization, type SqlSession } from '@lava/connectors';
import { BadParametersError } from '../errors';
import { DatabaseHandler } from '../sql/database-handler';
import { checkDeclaredParameters, varsParameter } from '../exec/parameters';
import { closeQuietly, databaseConnection, failureFrom, openSession } from '../sql/db-session';
import { s3Access } from '../sql/s3-credentials';
import { checkBucketSecurity } from '../sql/bucket-security';
import { boolParameter, stringParameter } from '../sql/sql-parameters';

/** UNLOAD options a job may give (authorization comes from `s3_iam_role` / `s3_conn_id`). */
const UNLOAD_KEYWORDS = new Set([
  'ADDQUOTES',
  'ALLOWOVERWRITE',
  'BZIP2',
  'CLEANPATH',
  'CSV',
  'DELIMITER',
  'ENCRYPTED',
  'ESCAPE',
  'EXTENSION',
  'FIXEDWIDTH',
  'FORMAT',
  'GZIP',
  'HEADER',
  'JSON',
  'KMS_KEY_ID',
  'MANIFEST',
  'MAXFILESIZE',
  'NULL',
  'PARALLEL',
  'PARQUET',
  'PARTITION',
  'ROWGROUPSIZE',
  'ZSTD',
]);

/**
 * `redshift_unload`: `UNLOAD ('SELECT … FROM "schema"."relation" [WHERE …]') TO 's3://bucket/prefix'
 * <authorization> <args>` for each relation, as the original issued it. The cluster writes S3 with
 * `s3_iam_role` (preferred) or the keys of `s3_conn_id`; the statement kept in the result map has
 * the keys masked. `start` skips relations before it; `stop_on_fail: false` goes on past failures.
 */
export class RedshiftUnloadHandler extends DatabaseHandler {
  readonly type = 'redshift_unload';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    checkDeclaredParameters(this.type, p);
    const prefixTemplate = stringParameter(this.type, 'prefix', p.prefix ?? p.key);
    const args = argsOf(p.args);
    const relations = typeof p.relation === 'string' ? [p.relation] : relationsOf(p.relation);
    const schema = stringParameter(this.type, 'schema', p.schema);
    const bucket = stringParameter(this.type, 'bucket', p.bucket);
    const vars = varsParameter(this.type, p.vars);
    const stopOnFail = boolParameter(this.type, 'stop_on_fail', p.stop_on_fail, true);
    const start = p.start === undefined ? undefined : String(p.start).toLowerCase();
    const iamRole =
      p.s3_iam_role === undefined ? undefined : stringParameter(this.type, 's3_iam_role', p.s3_iam_role);
    if (iamRole === undefined && p.s3_conn_id === undefined)
      throw new BadParametersError(this.type, 'At least one of s3_iam_role and s3_conn_id is required');
    const access =
      iamRole === undefined
        ? await s3Access(ctx, this.type, stringParameter(this.type, 's3_conn_id', p.s3_conn_id))
        : undefined;
    const auth = {
      sql: authorization(iamRole, access?.credentials),
      logged: authorization(iamRole, access?.credentials, true),
    };
    await this.checkBucket(ctx, bucket, boolParameter(this.type, 'insecure', p.insecure, false));
    const connId = stringParameter(this.type, 'conn_id', p.conn_id);
    const resolved = await databaseConnection(ctx, connId);
    const masked = { ...resolved, secretValues: [...resolved.secretValues, ...(access?.secretValues ?? [])] };
    const db = await openSession(ctx, connId, this.registry, resolved);
    const out: HandlerResult = { exit_status: 0, unloads: [] as Record<string, unknown>[] };
    const unloads = out.unloads as Record<string, unknown>[];
    const failures: string[] = [];
    let started = start === undefined;
    try {
      for (const relation of relations) {
        started ||= relation.toLowerCase() === start;
        if (!started) continue;
        const render = (t: string): Promise<string> =>
          ctx.renderer.render(t, 'parameters', { vars, schema, relation });
        const task: Record<string, unknown> = {
          schema,
          relation,
          bucket,
          prefix: prefixTemplate,
          ts_start: new Date().toISOString(),
        };
        try {
          task.prefix = await render(prefixTemplate);
          if (String(task.prefix).includes("'"))
            throw new BadParametersError(
              this.type,
              'Bad prefix parameter: Single quote not allowed in S3 prefix',
            );
          const sql = await unloadStatement(db.session, {
            schema,
            relation,
            bucket,
            prefix: String(task.prefix),
            where: p.where === undefined ? undefined : await render(String(p.where)),
            dateformat: p.dateformat === undefined ? undefined : String(p.dateformat),
            args: await inOrder(args, async (a) => (/^PARTITION\b/i.test(a) ? render(a) : a)),
          });
          await db.session.execute(sql(auth.sql), { signal: ctx.signal });
          task.sql = sql(auth.logged);
          task.status = 'complete';
        } catch (err) {
          const failure = failureFrom(err, masked, {});
          Object.assign(task, { status: 'failed', error: failure.message });
          unloads.push(task);
          if (stopOnFail) throw failure;
          ctx.logger.warn(`Unload of ${schema}.${relation} failed: ${failure.message}`);
          failures.push(relation);
          continue;
        }
        task.ts_finish = new Date().toISOString();
        task.duration = Math.round(
          (Date.parse(String(task.ts_finish)) - Date.parse(String(task.ts_start))) / 1000,
        );
        unloads.push(task);
      }
    } catch (err) {
      const message = `Unload failed: ${err instanceof Error ? err.message : String(err)}`;
      throw new JobFailedError('UNLOAD_FAILED', message, { ...out, exit_status: 1, error: message });
    } finally {
      await closeQuietly(db.session);
    }
    if (failures.length > 0)
      throw new JobFailedError('UNLOAD_FAILED', `${failures.length} unloads failed`, {
        ...out,
        exit_status: 1,
        failures,
      });
    if (unloads.length === 0)
      throw new JobFailedError('UNLOAD_FAILED', 'No unloads were attempted', {
        exit_status: 1,
        ...(start ? { start } : {}),
      });
    return out;
  }

  /** The original's bucket checks before the cluster writes there; `insecure: true` skips them with a warning. */
  private async checkBucket(ctx: HandlerContext, bucket: string, insecure: boolean): Promise<void> {
    if (insecure) {
      ctx.logger.warn('Possible insecure redshift_unload: bucket checks skipped', { bucket });
      return;
    }
    const reader = ctx.objects?.buckets;
    if (reader === undefined)
      throw new JobFailedError(
        'BUCKET_CHECK_FAILED',
        `Bucket ${bucket}: cannot verify its security settings on this host (no S3 bucket reader); set insecure: true to skip the bucket checks`,
        { exit_status: 1, bucket },
      );
    await checkBucketSecurity(reader, bucket);
  }
}

function authorization(
  iamRole: string | undefined,
  credentials: Parameters<typeof redshiftAuthorization>[1],
  masked = false,
): string {
  return redshiftAuthorization(iamRole, credentials, masked);
}

function argsOf(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((a) => typeof a === 'string'))
    throw new BadParametersError('redshift_unload', 'args must be a list of strings');
  const bad = [
    ...new Set(value.map((a: string) => (a.trim().split(/\s+/, 1)[0] ?? '').toUpperCase())),
  ].filter((k) => !UNLOAD_KEYWORDS.has(k));
  if (bad.length > 0)
    throw new JobFailedError('BAD_JOB_PARAMETERS', `Invalid UNLOAD arguments: ${bad.join(', ')}`, {
      exit_status: 1,
    });
  return value as string[];
}

function relationsOf(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((r) => typeof r === 'string' && r !== ''))
    throw new BadParametersError('redshift_unload', 'relation must be a name or a list of names');
  return value as string[];
}

/**
 * The UNLOAD statement for one relation, with the authorization clause left to the caller (so the
 * logged form can mask keys). With `dateformat`, DATE columns are selected through `to_char`.
 */
async function unloadStatement(
  session: SqlSession,
  u: {
    schema: string;
    relation: string;
    bucket: string;
    prefix: string;
    where?: string;
    dateformat?: string;
    args: string[];
  },
): Promise<(auth: string) => string> {
  for (const name of [u.schema, u.relation])
    if (name.includes('"')) throw new BadParametersError('redshift_unload', `Bad name: ${name}`);
  let selector = '*';
  if (u.dateformat !== undefined) {
    const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
    const cols =
      (
        await session.execute(
          `SELECT column_name, LOWER(data_type) FROM svv_columns WHERE table_catalog = CURRENT_DATABASE() AND table_schema = ${lit(u.schema)} AND table_name = ${lit(u.relation)} ORDER BY ordinal_position`,
        )
      ).rows ?? [];
    if (cols.length === 0)
      throw new BadParametersError('redshift_unload', `Cannot get column info for ${u.schema}.${u.relation}`);
    if (cols.some((c) => c[1] === 'date'))
      selector = cols
        .map(([c, t]) =>
          t === 'date'
            ? `to_char("${String(c)}", \\'${u.dateformat}\\') AS "${String(c)}"`
            : `"${String(c)}"`,
        )
        .join(', ');
  }
  const where = u.where === undefined ? '' : ` WHERE ${u.where.replace(/'/g, "\\'")}`;
  const query = `SELECT ${selector} FROM "${u.schema}"."${u.relation}"${where}`;
  return (auth) => [`UNLOAD ('${query}')`, `TO 's3://${u.bucket}/${u.prefix}'`, auth, ...u.args].join(' ');
}
