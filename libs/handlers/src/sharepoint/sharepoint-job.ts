import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { JobFailedError, type HandlerContext } from '@lava/core';
import {
  ConnectorError,
  sanitiseMessage,
  SharePointSite,
  type ResolvedSharepointConnection,
} from '@lava/connectors';
import { checkDeclaredParameters, jinjaParameter, varsParameter } from '../exec/parameters';
import { stringParameter } from '../sql/sql-parameters';
import { releasedConnection } from '../released-connection';

/** How the sharepoint job types reach Graph beyond the connection (extra trusted CAs). */
export interface SharePointGraphOptions {
  /** Extra CA certificates (PEM) trusted for Graph and the token service. */
  ca?: string | Buffer;
}

/** Where a sharepoint job reads or writes a file: the run's disk or S3. */
export type FileLocation = { kind: 'local'; path: string } | { kind: 's3'; uri: string };

/** The parsed, rendered view of a sharepoint_* job's parameters and its site. */
export class SharePointJob {
  private readonly jinja: boolean;
  private readonly vars: Record<string, unknown>;

  constructor(
    readonly type: string,
    readonly ctx: HandlerContext,
    private readonly graph: SharePointGraphOptions = {},
  ) {
    const p = ctx.job.parameters;
    checkDeclaredParameters(type, p);
    this.jinja = jinjaParameter(p.jinja);
    this.vars = varsParameter(type, p.vars);
  }

  /** A required string parameter, rendered unless `jinja` is false. */
  async render(field: string): Promise<string> {
    const raw = stringParameter(this.type, field, this.ctx.job.parameters[field]);
    return this.jinja
      ? (await this.ctx.renderer.render(raw, `parameters.${field}`, { vars: this.vars })).trim()
      : raw;
  }

  async optional(field: string): Promise<string | undefined> {
    return this.ctx.job.parameters[field] === undefined ? undefined : this.render(field);
  }

  /** `s3://…` or a local path relative to `basedir` (default the run directory). */
  async location(value: string): Promise<FileLocation> {
    if (value.startsWith('s3://')) return { kind: 's3', uri: value };
    const base = (await this.optional('basedir')) ?? this.ctx.runDir;
    return { kind: 'local', path: isAbsolute(value) ? value : resolve(base, value) };
  }

  /** The site of `conn_id`, opened through Graph. */
  async site(): Promise<{ site: SharePointSite; connection: ResolvedSharepointConnection }> {
    const connId = stringParameter(this.type, 'conn_id', this.ctx.job.parameters.conn_id);
    const resolved = await releasedConnection(this.ctx, connId);
    if (resolved?.kind !== 'sharepoint')
      throw new JobFailedError(
        'CONNECTION_UNSUPPORTED',
        `Connection ${connId} is not a sharepoint connection`,
        {
          exit_status: 1,
        },
      );
    const proxy = this.httpsProxy(resolved);
    const options = { ...this.graph, ...(proxy === undefined ? {} : { httpsProxy: proxy }) };
    return {
      site: await this.guard(resolved, () => SharePointSite.open(resolved, options)),
      connection: resolved,
    };
  }

  /** The connection's `https_proxy`, else the worker's HTTPS_PROXY, as the original chose. */
  private httpsProxy(resolved: ResolvedSharepointConnection): string | undefined {
    const env = this.ctx.baseEnv;
    return resolved.sharepoint.httpsProxy || env.HTTPS_PROXY || env.https_proxy || undefined;
  }

  /** Runs a Graph step; failures become a JobFailedError whose message holds no secret. */
  async guard<T>(connection: ResolvedSharepointConnection, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (err) {
      if (err instanceof JobFailedError) throw err;
      const message = sanitiseMessage(
        err instanceof Error ? err.message : String(err),
        connection.secretValues,
      );
      const code = err instanceof ConnectorError ? err.code : 'SHAREPOINT_FAILED';
      throw new JobFailedError(code, message, { exit_status: 1, error: message });
    }
  }

  /** Writes a stream to a local file or S3 object. */
  async write(target: FileLocation, body: Readable): Promise<void> {
    if (target.kind === 'local') {
      await mkdir(dirname(target.path), { recursive: true });
      await pipeline(body, createWriteStream(target.path));
      return;
    }
    const objects = this.ctx.objects;
    if (!objects?.put)
      throw new JobFailedError('UNSUPPORTED', `${this.type} cannot write to S3 on this worker`, {
        exit_status: 1,
      });
    await objects.put(target.uri, body, { kmsKeyId: await this.optional('kms_key_id') });
  }

  /** A local path holding the source (S3 objects are copied into the run directory first). */
  async localSource(source: FileLocation): Promise<string> {
    if (source.kind === 'local') return source.path;
    const objects = this.ctx.objects;
    if (!objects)
      throw new JobFailedError('UNSUPPORTED', `${this.type} cannot read S3 on this worker`, {
        exit_status: 1,
      });
    const path = join(this.ctx.runDir, '.sharepoint', source.uri.slice('s3://'.length));
    await mkdir(dirname(path), { recursive: true });
    await pipeline(await objects.get(source.uri), createWriteStream(path));
    return path;
  }

  /** A readable of a local or S3 source (delimited input). */
  async read(source: FileLocation): Promise<Readable> {
    return createReadStream(await this.localSource(source));
  }
}
