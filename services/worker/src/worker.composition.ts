import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { defaultActions } from '@lava/actions';
import {
  AwsActionPorts,
  AwsEcsTaskRunner,
  BatchingBusPublisher,
  BusDispatchPort,
  BusPublisher,
  BusRunEventSink,
  CachedJobSource,
  CloudWatchMetricSink,
  DEFAULT_CW_NAMESPACE,
  DispatchTargets,
  DynamoFleetStore,
  DynamoRunLedger,
  JobsRepository,
  KmsStateCipher,
  RealmsRepository,
  S3LiveLogSink,
  S3OutputSink,
  S3ObjectSource,
  S3PayloadSource,
  SesV2RawSender,
  StateRepository,
  createAwsClients,
  loadAwsConfig,
  realmNames,
  type AwsClients,
  type RunObjects,
} from '@lava/aws';
import {
  LAVA_SOURCES,
  parseBoolean,
  parseDuration,
  validateJob,
  workerQueueName,
  type RunJob,
  type HandlerPorts,
  type Telemetry,
} from '@lava/core';
import { createSandbox, defaultHandlers, type JobSandbox } from '@lava/handlers';
import { ConnectionNotifier } from '@lava/connectors';
import type { Logger } from '@lava/logging';
import { serviceTelemetry, serviceLogger } from '@lava/service-kit';
import { JobActionPort, JobRunner, RenderThreadPool, RunMessageHandler, RunMetrics } from '@lava/runner';
import { BrokerClient } from './broker/broker-client';
import { ContainerReaping } from './container-reaping';
import { loadWorkerKey } from './broker/worker-key';
import type { GrantKey } from '@lava/grants';
import { withConnectionEnv } from './broker/connection-env.handler';
import type { WorkerConfig } from './worker.config';
import { WorkerFleetMetrics } from './worker-fleet-metrics';

export interface WorkerParts {
  clients: AwsClients;
  telemetry: Telemetry;
  queueUrl: string;
  handler: RunMessageHandler;
  logger: Logger;
  /** docker jobs' containers: orphans removed at boot, this process's at stop. */
  reaping: ContainerReaping;
  /** The worker's own CloudWatch metrics, when `CW_METRICS_WORKER` is on. */
  fleetMetrics?: WorkerFleetMetrics;
  /** The render threads (closed at stop). */
  templates: RenderThreadPool;
}

/** How long a run's first event waits for company, ms (the start is stamped when it happens). */
const RUN_EVENT_GATHER_MS = 50;

/** Builds the worker's object graph once at boot: every client and port is created here. */
export async function composeWorker(config: WorkerConfig): Promise<WorkerParts> {
  const logger = serviceLogger(config, 'worker', { fields: { worker: config.LAVA_WORKER } });
  const clients = createAwsClients(loadAwsConfig(config.env));
  const telemetry = await serviceTelemetry(config, 'worker');
  const realmRecord = await new RealmsRepository(clients.dynamo).get(config.LAVA_REALM);
  if (!realmRecord)
    throw new Error(
      `realm ${config.LAVA_REALM} has no record in lava.realms: run "lava realm create ${config.LAVA_REALM}" first`,
    );
  const names = realmNames(config.LAVA_REALM);
  const queueName = workerQueueName(config.LAVA_REALM, config.LAVA_WORKER);
  const queueUrl = (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl!;
  // Run events of concurrent runs share PutEvents calls (fewer requests per run under load). They
  // carry their own time stamps, so waiting 20 ms for company delays no start; it delays a run's
  // end (its events must be on the bus first) by at most that. At 10 runs/s, 5 ms gave 0.61
  // PutEvents per run.
  const publisher = new BatchingBusPublisher(new BusPublisher(clients.eventBridge, names.bus), 20);
  const lookup = realmConfig(config.env, (realmRecord.config ?? {}) as Record<string, unknown>);
  // Job templates render on threads: a hostile one never holds the event loop (health checks,
  // the other runs). The dispatcher's s3trigger templates still render in its process.
  const templates = new RenderThreadPool({
    tz: config.LAVA_TZ,
    size: config.LAVA_RENDER_THREADS,
    budget: {
      limits: { timeoutMs: config.LAVA_RENDER_TIMEOUT_MS, maxOutputChars: config.LAVA_RENDER_MAX_CHARS },
      hints: {
        time: `a run's templates together may render for LAVA_RENDER_TIMEOUT_MS (${config.LAVA_RENDER_TIMEOUT_MS} ms); raise it on the worker to allow longer renders`,
        output: 'raise LAVA_RENDER_MAX_CHARS on the worker to allow larger output',
        items: 'this limit is fixed: build lists in smaller pieces',
      },
    },
  });
  await templates.ready();
  const state = new StateRepository(clients.dynamo, config.LAVA_REALM, {
    cipher: new KmsStateCipher(clients.kms),
  });
  const jobs = new CachedJobSource(new JobsRepository(clients.dynamo, config.LAVA_REALM));
  const dispatcher = new BusDispatchPort(
    publisher,
    config.LAVA_REALM,
    LAVA_SOURCES.worker,
    new DispatchTargets(config.LAVA_REALM, jobs, clients.sqs),
  );
  // One sink for the runner and the message handler: the handler settles what the runner recorded.
  // A run's first event waits up to RUN_EVENT_GATHER_MS for the next: a quick run's three events
  // then take one publish and one history write instead of two or three of each.
  const events = new BusRunEventSink(
    publisher,
    config.LAVA_REALM,
    config.LAVA_WORKER,
    () => telemetry.traceparent(),
    RUN_EVENT_GATHER_MS,
  );
  const broker = config.LAVA_BROKER_URL
    ? brokerClient(
        config,
        await loadWorkerKey(clients.secretsManager, config.LAVA_REALM, config.LAVA_WORKER, logger),
        telemetry,
      )
    : undefined;
  const fleetMetrics = workerFleetMetrics(config, clients, lookup, logger);
  // ecs jobs: one runner for the worker (its clients are the worker's own).
  const ecs = new AwsEcsTaskRunner(clients.ecs, clients.logs);
  const runner = new JobRunner({
    realm: config.LAVA_REALM,
    worker: config.LAVA_WORKER,
    realmRecord,
    tmpRoot: join(config.LAVA_TMPDIR, config.LAVA_REALM, `${config.LAVA_WORKER}.${process.pid}`),
    dev: config.LAVA_DEV,
    config: lookup,
    baseEnv: config.env,
    sandbox: jobSandbox(config, logger),
    clock: () => new Date(),
    logger,
    // exe/pkg `connections`: credentials reach executables as private files in their own run dir.
    handlers: withConnectionEnv(defaultHandlers()),
    templates,
    events,
    jobs,
    state: { get: async (id) => state.getState(id) },
    actions: new JobActionPort(
      defaultActions(),
      templates,
      new AwsActionPorts(
        dispatcher,
        clients,
        state,
        new ConnectionNotifier(
          fetch,
          // SES for email actions and `ses` connections: the realm's SES_REGION (the original's default
          // us-east-1) and SES_CONFIGURATION_SET.
          SesV2RawSender.forClients(
            clients,
            lookup('SES_REGION') ?? 'us-east-1',
            lookup('SES_CONFIGURATION_SET'),
          ),
        ),
      ),
      logger,
      lookup,
    ),
    ports: {
      forJob: (job: RunJob, _realm, grant) => ({
        ...handlerPorts(clients, realmRecord, job, dispatcher, connectionsFor(broker, job, grant)),
        ecs,
      }),
    },
    validateJob: (raw) => validateJob(raw).value as Record<string, unknown>,
    telemetry,
    metrics: runMetrics(config, clients, lookup, telemetry, logger, fleetMetrics),
    // Fleet-mode foreach and dag: their records, advanced by the audit logger's coordinator.
    fleets: new DynamoFleetStore(clients.dynamo, config.LAVA_REALM),
  });
  const handler = new RunMessageHandler({
    realm: config.LAVA_REALM,
    worker: config.LAVA_WORKER,
    jobs,
    validateJob: (raw) => validateJob(raw).value as Record<string, unknown>,
    runner,
    ledger: new DynamoRunLedger(clients.dynamo, config.LAVA_REALM),
    events,
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    leaseSeconds: config.LAVA_LEASE_SECONDS,
    clock: () => new Date(),
    logger,
    telemetry,
  });
  return {
    clients,
    telemetry,
    queueUrl,
    handler,
    logger,
    reaping: ContainerReaping.localEngine(logger),
    fleetMetrics,
    templates,
  };
}

/**
 * The worker's own CloudWatch metrics when `CW_METRICS_WORKER` is true, every `CW_METRICS_PERIOD`
 * (default 1m), read as the original does (env `LAVA_<KEY>`, then the realm's config). A bad
 * value stops the worker at boot.
 */
function workerFleetMetrics(
  config: WorkerConfig,
  clients: AwsClients,
  lookup: (key: string) => string | undefined,
  logger: Logger,
): WorkerFleetMetrics | undefined {
  if (!parseBoolean(lookup('CW_METRICS_WORKER') ?? 'false')) return undefined;
  const periodSeconds = parseDuration(lookup('CW_METRICS_PERIOD') ?? '1m');
  if (!(periodSeconds >= 1)) throw new Error(`CW_METRICS_PERIOD must be at least 1s, got ${periodSeconds}s`);
  return new WorkerFleetMetrics({
    realm: config.LAVA_REALM,
    worker: config.LAVA_WORKER,
    instance: `${hostname()}:${process.pid}`,
    slots: config.LAVA_WORKER_CONCURRENCY,
    periodSeconds,
    cloudWatch: new CloudWatchMetricSink(clients.cloudWatch, lookup('CW_NAMESPACE') ?? DEFAULT_CW_NAMESPACE),
    clock: () => new Date(),
    logger,
  });
}

/**
 * Job metrics: OpenTelemetry when on, CloudWatch (`CW_NAMESPACE`, default `Lava`) for jobs with
 * `cw_metrics` (default `CW_METRICS_JOB`), both read as the original does (env `LAVA_<KEY>`, then
 * the realm's config). A bad `CW_METRICS_JOB` stops the worker at boot.
 */
function runMetrics(
  config: WorkerConfig,
  clients: AwsClients,
  lookup: (key: string) => string | undefined,
  telemetry: Telemetry,
  logger: Logger,
  tally: WorkerFleetMetrics | undefined,
): RunMetrics {
  return new RunMetrics({
    realm: config.LAVA_REALM,
    worker: config.LAVA_WORKER,
    telemetry,
    cloudWatch: new CloudWatchMetricSink(clients.cloudWatch, lookup('CW_NAMESPACE') ?? DEFAULT_CW_NAMESPACE),
    cwMetricsDefault: parseBoolean(lookup('CW_METRICS_JOB') ?? 'false'),
    clock: () => new Date(),
    logger,
    tally,
  });
}

/**
 * The launcher of every job process, probed once: a worker whose isolation cannot work refuses to
 * start. `none` is only ever chosen explicitly, and then said at boot (and per run by the runner).
 */
function jobSandbox(config: WorkerConfig, logger: Logger): JobSandbox {
  const readOnlyPaths = config.LAVA_JOB_SANDBOX_RO_PATHS.split(':').filter(Boolean);
  const sandbox = createSandbox(config.LAVA_JOB_ISOLATION, {
    readOnlyPaths,
    uidRange: config.LAVA_JOB_UID_RANGE,
    minUids: config.LAVA_WORKER_CONCURRENCY,
    tmpBase: config.LAVA_TMPDIR,
  });
  if (sandbox.mode === 'none')
    logger.warn(
      'job isolation is OFF (LAVA_JOB_ISOLATION=none): jobs run as the worker user and can read its files and other runs',
      { job_isolation: 'none' },
    );
  else if (sandbox.mode === 'uid')
    logger.info('job isolation: each run runs under its own uid', {
      job_isolation: sandbox.mode,
      job_uid_range: config.LAVA_JOB_UID_RANGE,
    });
  else
    logger.info('job isolation: each job process runs in a bubblewrap sandbox', {
      job_isolation: sandbox.mode,
    });
  return sandbox;
}

/** The secrets broker client (one keep-alive agent per worker), signing with the fleet's key. */
function brokerClient(config: WorkerConfig, key: GrantKey, telemetry: Telemetry): BrokerClient {
  const ca = config.LAVA_BROKER_CA ? readFileSync(config.LAVA_BROKER_CA) : undefined;
  return new BrokerClient({
    url: config.LAVA_BROKER_URL,
    ca,
    realm: config.LAVA_REALM,
    worker: config.LAVA_WORKER,
    key,
    traceparent: () => telemetry.traceparent(),
  });
}

/** Connections of one run: asked from the broker under the run's grant. */
function connectionsFor(
  broker: BrokerClient | undefined,
  job: RunJob,
  grant: string | undefined,
): HandlerPorts['connections'] {
  if (broker) return broker.forRun({ grant, jobId: job.job_id, runId: job.run_id });
  return {
    get: async (connId) => {
      throw new Error(`connection ${connId}: this worker has no secrets broker configured (LAVA_BROKER_URL)`);
    },
  };
}

function handlerPorts(
  clients: AwsClients,
  realm: Record<string, unknown>,
  job: RunJob,
  dispatcher: BusDispatchPort,
  connections: HandlerPorts['connections'],
): HandlerPorts {
  const run: RunObjects = {
    s3Temp: String(realm.s3_temp),
    jobId: job.job_id,
    runId: job.run_id,
    kmsKey: typeof realm.s3_key === 'string' && realm.s3_key ? realm.s3_key : undefined,
  };
  return {
    outputs: new S3OutputSink(clients.s3, run),
    // Output of running processes, readable while they run (API, console, `lava logs -f`).
    liveLogs: new S3LiveLogSink(clients.s3, run),
    payloads: new S3PayloadSource(clients.s3, String(realm.s3_payloads)),
    objects: new S3ObjectSource(clients.s3),
    dispatcher,
    connections,
  };
}

/** Config lookup of the original: env `LAVA_<KEY>`, then the realm's `config` map. */
function realmConfig(
  env: Readonly<Record<string, string | undefined>>,
  realmConfigMap: Record<string, unknown>,
) {
  const upper = Object.fromEntries(Object.entries(realmConfigMap).map(([k, v]) => [k.toUpperCase(), v]));
  return (key: string): string | undefined => {
    const fromEnv = env[`LAVA_${key}`];
    if (fromEnv !== undefined) return fromEnv;
    const fromRealm = upper[key];
    return fromRealm === undefined || fromRealm === null ? undefined : String(fromRealm);
  };
}
