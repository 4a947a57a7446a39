import { randomBytes } from 'node:crypto';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { ConnectionsRepository, DynamoRunLedger } from '@lava/aws';
import { grantKeyringSecretId } from '@lava/core';
import { GrantKeyring, signRunGrant, signWorkerRequest, workerKeySecretId } from '@lava/grants';
import { pollUntil } from '@lava/errors';
import { startOtlpReceiver, type OtlpReceiver } from '@lava/testing';
import { startE2eRealm, type E2eRealm } from '../support/e2e-realm';

jest.setTimeout(120_000);

/**
 * The secrets broker's `lava.broker.release` spans and `lava.broker.releases` counts, and the
 * scheduler's `lava.scheduler.fire_lag`, exported over OTLP by the realm's own processes.
 * (Exporting needs a plain Node process: inside jest's module sandbox the OTLP exporter's
 * transport cannot load, so these are end-to-end tests.)
 */
describe('broker and scheduler telemetry (OTLP/HTTP JSON receiver in the test)', () => {
  let receiver: OtlpReceiver;
  let e: E2eRealm;
  let brokerUrl: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    e = await startE2eRealm({
      serviceEnv: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_METRIC_EXPORT_INTERVAL: '500',
      },
    });
    const ready = e.logs().find((l) => l.includes('"broker_url"'));
    brokerUrl = String((JSON.parse(ready!.slice(ready!.indexOf('{'))) as { broker_url: string }).broker_url);
  }, 300_000);
  afterAll(async () => {
    await e?.stop();
    await receiver?.close();
  });

  /** A worker's request for `connId` in trace `traceId`, signed with the fleet's key, under `grant`. */
  const ask = async (connId: string, traceId: string, grant?: string) => {
    const fields = { realm: e.realm, worker: 'core', job_id: 'etl/load', run_id: 'r-traced' };
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    };
    if (grant) {
      const workerKey = GrantKeyring.parse(await secret(workerKeySecretId(e.realm, 'core'))).current;
      headers.authorization = `Bearer ${grant}`;
      headers['x-lava-worker-signature'] = signWorkerRequest(
        { ...fields, conn_id: connId, grant },
        workerKey,
        Math.floor(Date.now() / 1000),
      );
    }
    const res = await fetch(`${brokerUrl}/v1/connections/${connId}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(fields),
    });
    return res.status;
  };
  const secret = async (id: string) =>
    (await e.clients.secretsManager.send(new GetSecretValueCommand({ SecretId: id }))).SecretString!;
  const spanOf = (traceId: string) =>
    pollUntil(
      async () => receiver.spans().find((s) => s.traceId === traceId && s.name === 'lava.broker.release'),
      { what: `a lava.broker.release span in trace ${traceId}`, timeoutMs: 30_000 },
    );

  it('a refused request is a broker span in the caller\'s trace, outcome "denied" with its code', async () => {
    const traceId = randomBytes(16).toString('hex');
    // No grant at all: refused before any lookup.
    expect(await ask('warehouse', traceId)).toBeGreaterThanOrEqual(400);
    const span = await spanOf(traceId);
    expect(span.service).toBe('lava-secrets-broker');
    expect(span.attributes).toMatchObject({
      'lava.realm': e.realm,
      'lava.conn_id': 'warehouse',
      'lava.outcome': 'denied',
    });
    expect(String(span.attributes['lava.code'])).toMatch(/^[A-Z_]+$/);
  });

  it('a release is a broker span with the run, outcome "released"; releases are counted', async () => {
    await new ConnectionsRepository(e.clients.dynamo, e.realm).put({
      conn_id: 'settings',
      type: 'generic',
      enabled: true,
      attributes: { region: 'eu-west-1' },
    });
    await new DynamoRunLedger(e.clients.dynamo, e.realm).claim(
      'r-traced',
      'test',
      new Date(Date.now() + 600_000),
    );
    const keyring = GrantKeyring.parse(
      await pollUntil(async () => secret(grantKeyringSecretId(e.realm)).catch(() => undefined), {
        what: 'the grant keyring the dispatcher creates at boot',
      }),
    );
    const now = Math.floor(Date.now() / 1000);
    const grant = signRunGrant(
      {
        realm: e.realm,
        job_id: 'etl/load',
        run_id: 'r-traced',
        worker: 'core',
        conn_ids: ['settings'],
        iat: now,
        exp: now + 600,
      },
      keyring.current,
    );
    const traceId = randomBytes(16).toString('hex');
    expect(await ask('settings', traceId, grant)).toBe(200);
    expect((await spanOf(traceId)).attributes).toMatchObject({
      'lava.conn_id': 'settings',
      'lava.job_id': 'etl/load',
      'lava.run_id': 'r-traced',
      'lava.outcome': 'released',
    });
    await pollUntil(async () => receiver.metricNames().has('lava.broker.releases') || undefined, {
      what: 'the lava.broker.releases metric',
      timeoutMs: 30_000,
    });
  });

  it('the scheduler exports the fire lag of the fires it publishes', async () => {
    await e.putJobs([
      {
        job_id: 'tick',
        type: 'cmd',
        worker: 'core',
        enabled: true,
        payload: 'true',
        dispatcher: e.realm,
        schedule: '* * * * * *',
      },
    ]);
    try {
      await pollUntil(async () => receiver.metricNames().has('lava.scheduler.fire_lag') || undefined, {
        what: 'the lava.scheduler.fire_lag metric',
        timeoutMs: 60_000,
      });
    } finally {
      // One fire a second: stop it once seen.
      await e.jobs.delete('tick');
    }
  });
});
