import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '@lava/logging';
import { AwsError, type JsonService, type RequestContext } from './contracts';
import { readBody } from './edge/body';
import { routeRequest, serviceForAction, type QueryServiceId, type Route } from './edge/edge-router';
import { toAwsError, writeJson, writeJsonError } from './edge/json-protocol';
import {
  parseForm,
  writeQueryError,
  writeQueryResult,
  type QueryParams,
  type QueryService,
} from './edge/query-protocol';
import { credentialScope, requestContext } from './edge/request-context';
import { assertSignedBy, GUARDED_SERVICES, type SecretsCredentials } from './edge/secrets-guard';

/** Something that answers raw HTTP for a backend (dynalite, s3rver proxy). */
export interface RawBackend {
  handle(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, body?: Buffer): void | Promise<void>;
}

/** Everything the edge routes to. A missing JSON service answers 400 naming service and operation. */
export interface EdgeBackends {
  json: Record<string, JsonService | undefined>;
  query: { sns: QueryService; sts: QueryService; ses: QueryService };
  /** SES v2 (restJson) and the `GET /_aws/ses` listing of accepted messages. */
  sesv2: RawBackend;
  mailbox: () => unknown[];
  dynamodb: RawBackend;
  s3: RawBackend;
}

const SQS_QUERY_NS = 'http://queue.amazonaws.com/doc/2012-11-05/';

/** Request counters (benchmarks read them through `stats()`). */
export class EdgeStats {
  requests = 0;
  constructor(private readonly onCount?: (service: string) => void) {}
  readonly byService: Record<string, number> = {};
  /** `<access key id> <service>.<operation>` -> count: which client made which calls (benchmarks). */
  readonly byCaller: Record<string, number> = {};

  count(service: string, req?: IncomingMessage): void {
    this.onCount?.(service);
    this.requests++;
    this.byService[service] = (this.byService[service] ?? 0) + 1;
    if (req) {
      const key = `${accessKeyOf(req)} ${service}.${operationOf(req)}`;
      this.byCaller[key] = (this.byCaller[key] ?? 0) + 1;
    }
  }
}

function accessKeyOf(req: IncomingMessage): string {
  return /Credential=([^/,\s]+)/.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'anonymous';
}

function operationOf(req: IncomingMessage): string {
  const target = req.headers['x-amz-target'];
  return typeof target === 'string' ? (target.split('.')[1] ?? target) : (req.method ?? '?');
}

/**
 * The single HTTP edge: routes each request, decodes/encodes awsJson and awsQuery, and
 * hands DynamoDB and S3 to their embedded backends. Client mistakes are 4xx, never 5xx, because the
 * SDK retries 5xx and would hide the real error behind slow retries.
 */
export class EdgeServer {
  readonly stats: EdgeStats;
  readonly server: Server;

  constructor(
    private readonly backends: EdgeBackends,
    private readonly logger?: Logger,
    /** Called with the service id of every API request (persistence marks that service dirty). */
    private readonly onServed?: (service: string) => void,
    /**
     * Persists a state change of `service`; the answer to a request that changes state is held
     * until it resolves, so nothing acknowledged is lost to a crash (see SnapshotStore.commit).
     */
    private readonly durable?: (service: string) => Promise<void>,
    /** When set, SSM and Secrets Manager answer only requests signed with this key pair. */
    private readonly secretsGuard?: { credentials: SecretsCredentials; hint: string },
  ) {
    this.stats = new EdgeStats(onServed);
    this.server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      this.dispatch(req, res).catch((error: unknown) => this.fail(res, error));
    });
  }

  private fail(res: ServerResponse, error: unknown): void {
    this.logger?.error('unhandled edge error', {
      error: error instanceof Error ? error.message : String(error),
    });
    if (!res.headersSent) writeJsonError(res, 'application/x-amz-json-1.0', toAwsError(error), 'plain');
    else res.destroy();
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = routeRequest(req);
    const ctx = requestContext(req, route.kind === 'form' ? route.scope : credentialScope(req));
    switch (route.kind) {
      case 'json':
        this.stats.count(route.service, req);
        if (changesState(route.operation)) this.holdUntilDurable(res, route.service);
        return this.json(req, res, route, ctx);
      case 'dynamodb':
        this.stats.count('dynamodb', req);
        return this.backends.dynamodb.handle(req, res, ctx);
      case 'query': {
        this.stats.count(route.service, req);
        const params = parseForm(await readBody(req));
        if (changesState(params.get('Action') ?? '')) this.holdUntilDurable(res, route.service);
        return this.query(res, route.service, params, ctx);
      }
      case 'form':
        return this.form(req, res, ctx);
      case 'reject':
        this.stats.count(route.service, req);
        return writeJsonError(res, jsonType(req), new AwsError(route.code, route.message), 'plain');
      case 's3':
        this.stats.count('s3', req);
        if (req.method !== 'GET' && req.method !== 'HEAD') this.holdUntilDurable(res, 's3');
        return this.backends.s3.handle(req, res, ctx);
      case 'health':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        return;
      case 'sesv2':
        this.stats.count('ses', req);
        return this.backends.sesv2.handle(req, res, ctx);
      case 'mailbox':
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ messages: this.backends.mailbox() }));
        return;
    }
  }

  private async json(
    req: IncomingMessage,
    res: ServerResponse,
    route: Extract<Route, { kind: 'json' }>,
    ctx: RequestContext,
  ): Promise<void> {
    const type = jsonType(req);
    const style = route.service === 'sqs' ? 'sqs' : 'plain';
    const service = this.backends.json[route.service];
    try {
      if (!service)
        throw new AwsError(
          'UnknownOperationException',
          `${route.prefix} (${route.service}) operation ${route.operation} is not available in lava-aws-local.`,
        );
      const body = await readBody(req);
      if (this.secretsGuard && GUARDED_SERVICES.includes(route.service))
        assertSignedBy(req, body, this.secretsGuard.credentials, this.secretsGuard.hint);
      const input = parseJson(body);
      const output = await service.handle(
        route.operation,
        input,
        route.operation === 'ReceiveMessage' ? withAbortSignal(ctx, res) : ctx,
      );
      if (!res.destroyed) writeJson(res, type, output);
    } catch (error) {
      const awsError = toAwsError(error);
      if (awsError.status >= 500)
        this.logger?.error('service error', {
          service: route.service,
          operation: route.operation,
          error: awsError.message,
        });
      if (!res.destroyed) writeJsonError(res, type, awsError, style);
    }
  }

  private async query(
    res: ServerResponse,
    service: QueryServiceId,
    params: QueryParams,
    ctx: RequestContext,
  ): Promise<void> {
    const action = params.get('Action') ?? '';
    if (service === 'sqs') {
      const error = new AwsError(
        'InvalidAction',
        `The legacy SQS query protocol (action ${action}) is not implemented by lava-aws-local; use AWS SDK v3 >= 3.447.`,
        400,
        'InvalidAction',
      );
      return writeQueryError(res, SQS_QUERY_NS, error);
    }
    const backend = this.backends.query[service];
    try {
      writeQueryResult(res, backend.xmlNamespace, action, await backend.handle(action, params, ctx));
    } catch (error) {
      writeQueryError(res, backend.xmlNamespace, toAwsError(error));
    }
  }

  /** Unsigned form post: an awsQuery call when it names an Action, else an S3 browser upload. */
  private async form(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
    const body = await readBody(req);
    const params = parseForm(body);
    const service = serviceForAction(params.get('Action'));
    this.stats.count(service ?? 's3');
    if (service ? changesState(params.get('Action') ?? '') : true)
      this.holdUntilDurable(res, service ?? 's3');
    if (service) return this.query(res, service, params, ctx);
    return this.backends.s3.handle(req, res, ctx, body);
  }

  /**
   * Delays the end of `res` until the state change is persisted. If persisting fails the
   * connection is dropped instead of answered: the client retries rather than trusting an
   * acknowledgement that would not survive a crash.
   */
  private holdUntilDurable(res: ServerResponse, service: string): void {
    const durable = this.durable;
    if (!durable) return;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    let ending = false;
    res.end = ((...args: unknown[]) => {
      if (ending) return res;
      ending = true;
      durable(service).then(
        () => end(...args),
        (error: unknown) => {
          this.logger?.error('state not persisted; request left unanswered', {
            service,
            error: error instanceof Error ? error.message : String(error),
          });
          res.destroy();
        },
      );
      return res;
    }) as ServerResponse['end'];
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** Long polls get a signal that fires when the client leaves before its answer (they then dequeue nothing). */
function withAbortSignal(ctx: RequestContext, res: ServerResponse): RequestContext {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return { ...ctx, signal: controller.signal };
}

/**
 * Reads (Get*, List*, Describe*), receives and KMS crypto calls (Encrypt, Decrypt,
 * GenerateDataKey) change nothing a client relies on after a crash.
 */
function changesState(operation: string): boolean {
  return !/^(Get|List|Describe|Receive|Encrypt$|Decrypt$|GenerateDataKey$)/.test(operation);
}

function jsonType(req: IncomingMessage): string {
  const type = req.headers['content-type'];
  return type && type.startsWith('application/x-amz-json') ? type : 'application/x-amz-json-1.0';
}

function parseJson(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the SerializationException below
  }
  throw new AwsError('SerializationException', 'The request body is not a JSON object.');
}
