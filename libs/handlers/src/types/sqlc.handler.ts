import { type HandlerContext, type HandlerResult } from '@lava/core';
import { writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { nativeClientCommand, type NativeClientCommand, type ResolvedDbConnection } from '@lava/connectors';
import type { JobHandler } from '../handler';
import { runExecStep, type OutputEntry } from '../exec/exec-step';
import { argsParameter, checkDeclaredParameters, jinjaParameter, varsParameter } from '../exec/parameters';
import { payloadLimit } from '../exec/payload-limit';
import { timeoutMs } from '../exec/timeout';
import { jobBaseEnv } from '../sandbox/job-env';
import { databaseConnection, failureFrom } from '../sql/db-session';
import { renderSqlFile } from '../sql/sql-render';
import { stringParameter } from '../sql/sql-parameters';
import { payloadEntries } from './sql.handler';

/** After SIGINT the client cancels its statement on the server; then the group is killed. */
const INTERRUPT_GRACE_MS = 3000;

/**
 * `sqlc`: each payload file is rendered whole and fed on stdin to the database's
 * own client (psql, mysql/mariadb, sqlite3). Credentials reach the client through private files
 * in the run's own directory (which no other run can see), never argv. On timeout the client is interrupted first so it cancels
 * the statement on the server.
 */
export class SqlcHandler implements JobHandler {
  readonly type = 'sqlc';

  async run(ctx: HandlerContext): Promise<HandlerResult> {
    const p = ctx.job.parameters;
    checkDeclaredParameters(this.type, p);
    const connId = stringParameter(this.type, 'conn_id', p.conn_id);
    const jinja = jinjaParameter(p.jinja);
    const vars = varsParameter(this.type, p.vars);
    const extraArgs = argsParameter(this.type, p.args);
    const perFile = timeoutMs(ctx, 'SQLC_TIMEOUT');
    const resolved = await databaseConnection(ctx, connId);
    const downloaded = await ctx.payloads.download(
      payloadEntries(ctx.job.payload),
      ctx.runDir,
      payloadLimit(ctx, 'SQLC_MAX_PAYLOAD_SIZE'),
    );
    const files = downloaded.flatMap((d) => d.files);
    // Render everything first so a template error fails before any SQL runs.
    if (jinja) for (const file of files) writeFileSync(file, await renderSqlFile(ctx, file, vars));
    const output: OutputEntry[] = [];
    for (const file of files) {
      const client = await this.client(resolved, file, extraArgs, ctx);
      try {
        const name = basename(file);
        const env = { ...jobBaseEnv(ctx), LAVA_REALM: ctx.job.realm, ...client.env };
        output.push(
          await runExecStep(
            ctx,
            {
              label: name,
              argv: [client.command, ...client.args],
              cwd: ctx.runDir,
              captureDir: ctx.runDir,
              outputBase: name,
              timeoutMs: perFile,
              env,
              stdinFile: file,
              // sqlite3 opens its database file (and journal beside it) from inside the sandbox.
              writable: resolved.dialect === 'sqlite3' ? [dirname(resolve(resolved.db.host))] : undefined,
              interruptGraceMs: INTERRUPT_GRACE_MS,
            },
            output,
          ),
        );
      } finally {
        await client.cleanup();
      }
    }
    return { exit_status: 0, output };
  }

  private async client(
    resolved: ResolvedDbConnection,
    file: string,
    extraArgs: string[],
    ctx: HandlerContext,
  ): Promise<NativeClientCommand> {
    try {
      return await nativeClientCommand(resolved, {
        // Inside the run directory: the sandbox shows the client only its own run's files.
        tmpRoot: ctx.runDir,
        searchPath: ctx.baseEnv.PATH ?? '',
        file,
        extraArgs,
      });
    } catch (err) {
      throw failureFrom(err, resolved, { exit_status: 1 });
    }
  }
}
