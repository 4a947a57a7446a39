import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { realmNames } from '@lava/aws';
import { pollUntil } from '@lava/errors';
import { findSecret } from '@lava/testing';
import { logStatuses, startE2eRealm, type E2eRealm } from '../support/e2e-realm';

jest.setTimeout(180_000);

/**
 * A full run with a known database password, every service as its own process (audit logger,
 * secrets broker, dispatcher, worker): afterwards the password is in no log line, bus event,
 * events-table or state item, S3 object or error text.
 */
describe('secrets never leak (end to end)', () => {
  const password = `pw-${randomBytes(12).toString('hex')}`;
  let e: E2eRealm;
  const events: unknown[] = [];
  let probeUrl: string;

  async function drainProbe(): Promise<void> {
    for (;;) {
      const out = await e.clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: probeUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      if (!out.Messages?.length) return;
      events.push(...out.Messages.map((m) => JSON.parse(m.Body!) as unknown));
      await e.clients.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: probeUrl,
          Entries: out.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
  }

  beforeAll(async () => {
    e = await startE2eRealm();
    const names = realmNames(e.realm);
    // Every lava event, as a second consumer of the bus (the audit logger has its own queue).
    probeUrl = (await e.clients.sqs.send(new CreateQueueCommand({ QueueName: `${e.realm}-leak-probe` })))
      .QueueUrl!;
    await e.clients.eventBridge.send(
      new PutRuleCommand({
        Name: `${e.realm}-leak`,
        EventBusName: names.bus,
        EventPattern: JSON.stringify({ source: [{ prefix: 'lava.' }] }),
      }),
    );
    await e.clients.eventBridge.send(
      new PutTargetsCommand({
        Rule: `${e.realm}-leak`,
        EventBusName: names.bus,
        Targets: [{ Id: 'probe', Arn: `arn:aws:sqs:us-east-1:000000000000:${e.realm}-leak-probe` }],
      }),
    );
    await e.clients.ssm.send(
      new PutParameterCommand({
        Name: `/lava/${e.realm}/dw/password`,
        Value: password,
        Type: 'SecureString',
      }),
    );
    const file = join(tmpdir(), `lava-e2e-conn-${e.realm}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        conn_id: 'dw',
        type: 'postgres',
        enabled: true,
        host: '127.0.0.1',
        port: 5432,
        user: 'postgres',
        database: 'test',
        ssl: false,
        password: `/lava/${e.realm}/dw/password`,
      }),
    );
    expect((await e.lava(['connection', 'put', file])).code).toBe(0);
    await e.putJobs([
      {
        job_id: 'report',
        type: 'sqli',
        worker: 'core',
        enabled: true,
        parameters: { conn_id: 'dw' },
        payload: "select 'ok' as result, 42 as answer",
      },
    ]);
  });
  afterAll(async () => {
    await e?.stop();
  });

  it('runs a SQL job with its connection, and the password appears nowhere', async () => {
    const cli: string[] = [];
    const show = await e.lava(['connection', 'get', 'dw']);
    cli.push(show.out, show.err);
    expect(show.code).toBe(0);
    const dispatch = await e.lava(['dispatch', 'report']);
    cli.push(dispatch.out, dispatch.err);
    const item = await e.waitForStatus('report', 'complete', 60_000);
    expect(logStatuses(item)).toEqual(
      expect.arrayContaining(['dispatched', 'starting', 'running', 'complete']),
    );
    const logs = await e.lava(['logs', String(item.run_id), '--job', 'report']);
    cli.push(logs.out, logs.err);
    expect(logs.out).toContain('ok');
    // The audit events of the secret release arrive shortly after the run.
    await pollUntil(async () => {
      await drainProbe();
      return events.some((ev) => JSON.stringify(ev).includes('Secret Accessed')) ? true : undefined;
    });
    const sightings = await findSecret(password, {
      logs: e.logs(),
      events,
      errors: cli,
      realm: { realm: e.realm, clients: e.clients },
    });
    expect(sightings).toEqual([]);
  });
});
