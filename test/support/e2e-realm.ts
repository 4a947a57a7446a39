import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  createAwsClients,
  EventsRepository,
  JobsRepository,
  loadAwsConfig,
  realmNames,
  type AwsClients,
} from '@lava/aws';
import { memoryIO, runCli } from '@lava/cli';
import type { ServiceName } from '@lava/core';
import { startLocalRealm, type LocalRealm } from '@lava/local-realm';
import { pollUntil } from '@lava/errors';
import { uniqueRealm } from '@lava/testing';

export const ROOT = resolve(__dirname, '..', '..');

export interface E2eRealm {
  realm: string;
  local: LocalRealm;
  clients: AwsClients;
  jobs: JobsRepository;
  events: EventsRepository;
  /** Runs `lava <argv>` in process against this realm; returns exit code and output. */
  lava(argv: string[]): Promise<{ code: number; out: string; err: string }>;
  /** Puts jobs through the CLI (validated exactly as a user's files are). */
  putJobs(jobs: Array<Record<string, unknown>>): Promise<void>;
  /** The id of the one run of `jobId` (waits until the audit logger has recorded it). */
  onlyRun(jobId: string): Promise<string>;
  /** Every line every process printed so far. */
  logs(): readonly string[];
  /** Waits for a run of `jobId` whose status is `status`; returns its events-table item. */
  waitForStatus(jobId: string, status: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * A realm running as separate processes, exactly as `npm start` runs it (in-memory endpoint on a
 * free port, no samples), with service settings scaled down for tests.
 */
export async function startE2eRealm(
  options: { serviceEnv?: Record<string, string>; services?: readonly ServiceName[] } = {},
): Promise<E2eRealm> {
  const realm = uniqueRealm('e');
  const lines: string[] = [];
  const local = await startLocalRealm({
    root: ROOT,
    realm,
    workers: ['core'],
    port: 0,
    format: { colour: false, json: true },
    output: (line) => {
      lines.push(line);
      if (process.env.LAVA_E2E_VERBOSE) process.stdout.write(line + '\n');
    },
    serviceEnv: {
      LAVA_WAIT_SECONDS: '1',
      LAVA_DISPATCHERS: realm,
      LAVA_LOG_LEVEL: 'info',
      ...options.serviceEnv,
    },
    services: options.services,
  });
  const clients = createAwsClients(loadAwsConfig(local.env));
  const jobs = new JobsRepository(clients.dynamo, realm);
  const events = new EventsRepository(clients.dynamo, realm);
  const lava = async (argv: string[]) => {
    const io = memoryIO();
    const code = await runCli(argv, io, { ...process.env, ...local.env });
    return { code, out: io.out, err: io.err };
  };
  const runsOf = async (jobId: string) => events.listRuns(jobId);
  return {
    realm,
    local,
    clients,
    jobs,
    events,
    lava,
    async putJobs(list) {
      const file = join(mkdtempSync(join(tmpdir(), 'lava-e2e-')), 'jobs.json');
      writeFileSync(file, JSON.stringify(list));
      const r = await lava(['job', 'put', file]);
      if (r.code !== 0) throw new Error(`job put failed: ${r.err}`);
    },
    async onlyRun(jobId) {
      return pollUntil(
        async () => {
          const runs = await runsOf(jobId);
          return runs.length === 1 ? String(runs[0]!.run_id) : undefined;
        },
        { what: `a run of ${jobId}`, timeoutMs: 30000 },
      );
    },
    async waitForStatus(jobId, status, timeoutMs = 30000) {
      return pollUntil(
        async () =>
          (await runsOf(jobId)).find((r) => r.status === status) as Record<string, unknown> | undefined,
        {
          what: `${jobId} reaching ${status} (log tail:\n${lines.slice(-15).join('\n')})`,
          timeoutMs,
        },
      );
    },
    logs: () => lines,
    async stop() {
      clients.destroy();
      await local.stop();
    },
  };
}

/** Publishes a raw `Dispatch Requested` entry on the realm bus, as an external system would. */
export async function putDispatchEvent(e: E2eRealm, detail: unknown, source = 'acme.billing'): Promise<void> {
  await e.clients.eventBridge.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: realmNames(e.realm).bus,
          Source: source,
          DetailType: 'Dispatch Requested',
          Detail: typeof detail === 'string' ? detail : JSON.stringify(detail),
        },
      ],
    }),
  );
}

/** Statuses in an events-table item's log, in order. */
export function logStatuses(item: Record<string, unknown>): string[] {
  return ((item.log as Array<{ status: string }>) ?? []).map((l) => l.status);
}
