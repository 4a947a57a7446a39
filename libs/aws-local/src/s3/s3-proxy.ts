import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestContext } from '../contracts';
import { readBody } from '../edge/body';
import { AwsLocalBackendError } from '../errors';
import type { RawBackend } from '../server';
import { escapeXml } from '../edge/query-protocol';
import {
  AwsChunkedError,
  CHUNKED_HEADERS,
  decodeAwsChunked,
  isAwsChunked,
  withoutAwsChunked,
} from './aws-chunked';
import { normaliseS3Url } from './s3-addressing';
import type { ObjectChange, S3Notifications } from './s3-notifications';
import { BUCKET_SETTINGS, type BucketSetting, type S3BucketSettings } from './s3-bucket-settings';

// s3rver ships no types; this is the slice of its API used here.
interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;

const MAX_S3_BUFFER = 5 * 1024 * 1024 * 1024;

interface Upstream {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * S3 through s3rver on an internal loopback port. The edge fixes what s3rver gets wrong for
 * current SDKs: virtual-host addressing, access-key checks, aws-chunked bodies, and bucket
 * notifications (stored here and turned into events after successful writes).
 */
export class S3Proxy implements RawBackend {
  private readonly s3rver: S3rverInstance;
  private readonly tempDir?: string;
  private port = 0;

  constructor(
    options: { directory?: string },
    private readonly notifications: S3Notifications,
    private readonly settings: S3BucketSettings,
  ) {
    if (!options.directory) this.tempDir = mkdtempSync(join(tmpdir(), 'lava-s3-'));
    const directory = options.directory ?? this.tempDir;
    this.s3rver = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory,
      vhostBuckets: false,
      allowMismatchedSignatures: true,
    });
  }

  async start(): Promise<void> {
    try {
      this.port = (await this.s3rver.run()).port;
    } catch (error) {
      throw new AwsLocalBackendError('s3rver failed to start', error);
    }
  }

  async stop(): Promise<void> {
    await this.s3rver.close().catch(() => undefined);
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    ctx: RequestContext,
    buffered?: Buffer,
  ): Promise<void> {
    const target = normaliseS3Url(req.url ?? '/', req.headers.host);
    const method = req.method ?? 'GET';
    if (target.query.has('notification') && target.bucket && !target.key)
      return this.notificationConfig(req, res, method, target.bucket, ctx);
    const setting = BUCKET_SETTINGS.find((name) => target.query.has(name));
    if (setting && target.bucket && !target.key)
      return this.bucketSetting(req, res, method, target.bucket, setting, buffered);
    if (!target.bucket && method === 'GET') return this.listBuckets(res, target.path, ctx);
    if (target.bucket && !target.key && method === 'PUT' && [...target.query.keys()].length === 0) {
      const refused = this.settings.checkCreate(target.bucket, req.headers);
      if (refused)
        return void res.writeHead(refused.status, { 'content-type': 'application/xml' }).end(refused.body);
    }
    const headers = this.forwardHeaders(req.headers);
    let body = buffered;
    if (body === undefined && (method === 'PUT' || method === 'POST'))
      body = await readBody(req, MAX_S3_BUFFER);
    if (body && isAwsChunked(req.headers)) {
      try {
        body = this.decodeChunked(headers, body);
      } catch (error) {
        if (!(error instanceof AwsChunkedError)) throw error;
        const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error>`;
        res.writeHead(400, { 'content-type': 'application/xml' }).end(xml);
        return;
      }
    }
    if (body) {
      // The body is re-sent whole, so its length replaces any chunked transfer framing.
      delete headers['transfer-encoding'];
      headers['content-length'] = String(body.length);
    }
    const upstream = await this.forward(method, target.path, headers, body, res);
    if (upstream && upstream.status < 300)
      await this.afterWrite(method, target, req.headers, body, upstream, ctx);
  }

  private forwardHeaders(incoming: IncomingHttpHeaders): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(incoming)) {
      if (value === undefined || name === 'authorization' || name === 'host' || name === 'connection')
        continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    headers.host = `127.0.0.1:${this.port}`;
    return headers;
  }

  private decodeChunked(headers: Record<string, string>, framed: Buffer): Buffer {
    const { body } = decodeAwsChunked(framed, headers['x-amz-decoded-content-length']);
    for (const name of CHUNKED_HEADERS) delete headers[name];
    const encoding = withoutAwsChunked(headers['content-encoding']);
    if (encoding) headers['content-encoding'] = encoding;
    else delete headers['content-encoding'];
    headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    return body;
  }

  /** Streams the upstream answer to the client; buffers it (and returns it) only for successful writes. */
  private forward(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
    res: ServerResponse,
  ): Promise<Upstream | undefined> {
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        { host: '127.0.0.1', port: this.port, method, path, headers },
        (response) => {
          const { connection: _c, 'keep-alive': _k, ...passHeaders } = response.headers;
          res.writeHead(response.statusCode ?? 500, passHeaders);
          const chunks: Buffer[] = [];
          const keep = method !== 'GET' && method !== 'HEAD';
          response.on('data', (chunk: Buffer) => {
            if (keep) chunks.push(chunk);
            res.write(chunk);
          });
          response.on('end', () => {
            res.end();
            resolve(
              keep
                ? {
                    status: response.statusCode ?? 500,
                    headers: response.headers,
                    body: Buffer.concat(chunks),
                  }
                : undefined,
            );
          });
          response.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  private async notificationConfig(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    bucket: string,
    ctx: RequestContext,
  ): Promise<void> {
    const head = await this.request('HEAD', `/${bucket}`);
    if (head.status === 404) {
      const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>${bucket}</BucketName></Error>`;
      res.writeHead(404, { 'content-type': 'application/xml' }).end(xml);
      return;
    }
    if (method === 'PUT') {
      await this.notifications.put(bucket, (await readBody(req)).toString('utf8'), ctx);
      res.writeHead(200, { 'content-length': '0' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/xml' }).end(this.notifications.getXml(bucket));
  }

  private async bucketSetting(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    bucket: string,
    setting: BucketSetting,
    buffered: Buffer | undefined,
  ): Promise<void> {
    const reply = (status: number, body: string): void =>
      void res
        .writeHead(status, body ? { 'content-type': 'application/xml' } : { 'content-length': '0' })
        .end(body);
    if ((await this.request('HEAD', `/${bucket}`)).status === 404) return reply(404, noSuchBucket(bucket));
    const body = method === 'PUT' ? (buffered ?? (await readBody(req))).toString('utf8') : '';
    const target = setting === 'logging' ? this.settings.loggingTarget(body) : undefined;
    if (
      target !== undefined &&
      (await this.request('HEAD', `/${encodeURIComponent(target)}`)).status === 404
    ) {
      const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidTargetBucketForLogging</Code><Message>The target bucket for logging does not exist</Message><TargetBucket>${escapeXml(target)}</TargetBucket></Error>`;
      return reply(400, xml);
    }
    const out = this.settings.handle(method, bucket, setting, req.headers, body);
    reply(out.status, out.body);
  }

  /** ListBuckets names the calling account as owner (s3rver names a fixed dummy one). */
  private async listBuckets(res: ServerResponse, path: string, ctx: RequestContext): Promise<void> {
    const upstream = await this.request('GET', path);
    const xml = upstream.body
      .toString('utf8')
      .replace(/<Owner>[\s\S]*?<\/Owner>/, this.settings.ownerXml(ctx.account));
    res.writeHead(upstream.status, { 'content-type': 'application/xml' }).end(xml);
  }

  private request(method: string, path: string): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const upstream = httpRequest({ host: '127.0.0.1', port: this.port, method, path }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 500,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      });
      upstream.on('error', reject);
      upstream.end();
    });
  }

  private async afterWrite(
    method: string,
    target: ReturnType<typeof normaliseS3Url>,
    headers: IncomingHttpHeaders,
    body: Buffer | undefined,
    upstream: Upstream,
    ctx: RequestContext,
  ): Promise<void> {
    const { bucket, key, query } = target;
    if (!bucket) return;
    if (!key) {
      if (method === 'PUT' && [...query.keys()].length === 0)
        this.settings.created(bucket, ctx.account, headers);
      if (method === 'DELETE' && [...query.keys()].length === 0) this.settings.forget(bucket);
      if (method === 'DELETE') this.notifications.forgetBucket(bucket);
      if (method === 'POST' && query.has('delete') && body)
        await this.deletedMany(bucket, upstream.body.toString('utf8'), ctx);
      return;
    }
    const change = await this.objectChange(method, bucket, key, query, headers);
    if (change) await this.notifications.emit(change, ctx);
  }

  private async objectChange(
    method: string,
    bucket: string,
    key: string,
    query: URLSearchParams,
    headers: IncomingHttpHeaders,
  ): Promise<ObjectChange | undefined> {
    if (method === 'DELETE' && !query.has('uploadId') && !query.has('tagging'))
      return { bucket, key, kind: 'deleted', reason: 'DeleteObject' };
    const reason =
      method === 'PUT' && !query.has('uploadId') && !query.has('tagging') && !query.has('acl')
        ? headers['x-amz-copy-source']
          ? 'CopyObject'
          : 'PutObject'
        : method === 'POST' && query.has('uploadId')
          ? 'CompleteMultipartUpload'
          : undefined;
    if (!reason) return undefined;
    const head = await this.request('HEAD', `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`);
    if (head.status !== 200) return undefined;
    return {
      bucket,
      key,
      kind: 'created',
      reason,
      size: Number(head.headers['content-length'] ?? 0),
      etag: String(head.headers.etag ?? '').replace(/"/g, ''),
    };
  }

  private async deletedMany(bucket: string, resultXml: string, ctx: RequestContext): Promise<void> {
    for (const match of resultXml.matchAll(/<Deleted>[\s\S]*?<Key>([\s\S]*?)<\/Key>[\s\S]*?<\/Deleted>/g)) {
      await this.notifications.emit(
        { bucket, key: decodeXml(match[1] ?? ''), kind: 'deleted', reason: 'DeleteObject' },
        ctx,
      );
    }
  }
}

function noSuchBucket(bucket: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>${escapeXml(bucket)}</BucketName></Error>`;
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
