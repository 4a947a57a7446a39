import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  BusPublisher,
  DispatcherPausesRepository,
  DynamoLeaseStore,
  createAwsClients,
  loadAwsConfig,
  realmNames,
  type AwsClients,
} from '@lava/aws';
import { NO_TELEMETRY, type Telemetry } from '@lava/core';
import type { Logger } from '@lava/logging';
import { serviceLogger } from '@lava/service-kit';
import type { Fire } from '@lava/scheduling';
import { BusFireSink } from './adapters/bus-fire-sink';
import { DynamoJobSource } from './adapters/dynamo-job-source';
import { PausedFireSink, type NodeDispatchSwitch } from './adapters/paused-fire-sink';
import { DispatcherScheduler } from './engine/dispatcher-scheduler';
import type { Clock, FireSink } from './engine/ports';
import { SchedulerEngine } from './engine/scheduler-engine';
import type { SchedulerConfig } from './scheduler.config';

export interface SchedulerParts {
  clients: AwsClients;
  engine: SchedulerEngine;
  logger: Logger;
  owner: string;
  telemetry: Telemetry;
}

/** Overrides for tests and the benchmark. */
export interface ComposeOptions {
  clock?: Clock;
  logger?: Logger;
  /** Wraps the bus sink (tests). */
  wrapSink?: (sink: FireSink) => FireSink;
  /** Told about each batch of fires the bus accepted (the benchmark measures jitter with it). */
  onPublished?: (fires: readonly Fire[], at: Date) => void;
  /** OpenTelemetry (bootstrap starts it from the OTEL_* settings); default off. */
  telemetry?: Telemetry;
}

/** Builds the scheduler's object graph once at boot: every client and port is created here. */
export function composeScheduler(config: SchedulerConfig, options: ComposeOptions = {}): SchedulerParts {
  const logger = options.logger ?? serviceLogger(config, 'scheduler');
  const clock = options.clock ?? (() => new Date());
  const telemetry = options.telemetry ?? NO_TELEMETRY;
  const clients = createAwsClients(loadAwsConfig(config.env));
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leases = new DynamoLeaseStore(clients.dynamo, config.LAVA_REALM);
  const busSink = new BusFireSink(
    new BusPublisher(clients.eventBridge, realmNames(config.LAVA_REALM).bus),
    config.LAVA_REALM,
    config.LAVA_PUBLISH_CONCURRENCY,
    clock,
    (fires, at, dispatcher) => {
      recordFireLag(telemetry, config.LAVA_REALM, dispatcher, fires, at);
      options.onPublished?.(fires, at);
    },
  );
  // Dispatchers paused through the HTTP API or the CLI: their fires are skipped until resumed.
  // With LAVA_CHECK_DISPATCH, while the no-dispatch file exists this replica releases the
  // dispatchers' leases at its next lease tick (another replica takes the fires over) and skips
  // any fire in between.
  const standby = config.LAVA_CHECK_DISPATCH ? noDispatchSwitch(config.LAVA_NO_DISPATCH_FILE) : undefined;
  const pausable = new PausedFireSink(
    busSink,
    new DispatcherPausesRepository(clients.dynamo, config.LAVA_REALM),
    clock,
    logger,
    config.LAVA_CHANGE_POLL_MS,
    standby,
  );
  const sink = options.wrapSink ? options.wrapSink(pausable) : pausable;
  const dispatchers = config.dispatchers.map(
    (d) =>
      new DispatcherScheduler({
        dispatcher: d.name,
        timezone: d.timezone,
        owner,
        lease: leases,
        progress: leases,
        sink,
        clock,
        logger,
        timings: {
          leaseDurationMs: config.LAVA_LEASE_MS,
          renewIntervalMs: config.LAVA_LEASE_RENEW_MS,
          safetyMarginMs: config.LAVA_LEASE_MARGIN_MS,
        },
        missedHorizonMs: config.LAVA_MISSED_HORIZON_SECONDS * 1000,
        maxMissedEvents: config.LAVA_MAX_MISSED_EVENTS,
        standby,
      }),
  );
  const engine = new SchedulerEngine(
    dispatchers,
    new DynamoJobSource(clients.dynamo, config.LAVA_REALM),
    clock,
    logger,
    {
      changePollMs: config.LAVA_CHANGE_POLL_MS,
      reconcileMs: config.LAVA_RECONCILE_MS,
      nudgePollMs: config.LAVA_NUDGE_POLL_MS,
    },
  );
  logger.info('scheduler composed', { owner, dispatchers: config.dispatchers });
  return { clients, engine, logger, owner, telemetry };
}

/**
 * `lava.scheduler.fire_lag`: seconds from each fire's scheduled slot to the bus accepting its
 * Dispatch Requested (lease hand-overs, catch-up after a restart and a slow bus all show here).
 */
function recordFireLag(
  telemetry: Telemetry,
  realm: string,
  dispatcher: string,
  fires: readonly Fire[],
  at: Date,
): void {
  for (const fire of fires) {
    const lag = Math.max(0, (at.getTime() - fire.scheduledAt.getTime()) / 1000);
    telemetry.record('schedulerFireLag', lag, { realm, dispatcher });
  }
}

/** The original's no-dispatch file: while it exists, this replica fires nothing. */
function noDispatchSwitch(file: string): NodeDispatchSwitch {
  return () => (existsSync(file) ? `dispatch suppressed by ${file}` : undefined);
}
