import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { ReceiveMessageCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsClientConfig, useAwsEndpoint } from '@lava/aws-local/testing';
import { requestRunId } from '@lava/core';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { runCli } from './cli';
import { memoryIO } from './cli-io';

const aws = useAwsEndpoint();

describe('lava CLI against the local AWS endpoint', () => {
  const realm = `c${randomBytes(4).toString('hex')}`;
  let dir: string;

  /** Run `lava --endpoint <local> --realm <realm> ...argv` in-process. */
  async function lava(...argv: string[]) {
    const io = memoryIO();
    const code = await runCli(['--endpoint', aws.url(), '--realm', realm, ...argv], io, {});
    return { code, out: io.out, err: io.err };
  }

  async function file(name: string, text: string): Promise<string> {
    const p = path.join(dir, name);
    await writeFile(p, text);
    return p;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lava-cli-int-'));
    const created = await lava('realm', 'create', '--config', 'state_max_ttl=2h');
    if (created.code !== 0) throw new Error(created.err);
    // Jobs are put only when their worker has a queue.
    const worker = await lava('worker', 'create', realm, 'core');
    if (worker.code !== 0) throw new Error(worker.err);
  });

  afterAll(async () => {
    await lava('realm', 'delete', '--yes', '--delete-bucket');
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a realm from nothing, and again without creating anything', async () => {
    const other = `c${randomBytes(4).toString('hex')}`;
    const first = await lava('realm', 'create', other);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(new RegExp(`^created\\s+table\\s+lava\\.${other}\\.jobs$`, 'm'));
    expect(first.out).toContain(`realm ${other} ready`);
    const again = await lava('--json', 'realm', 'create', other);
    const steps = JSON.parse(again.out).steps as { action: string }[];
    // Every field the original's workers read, with the original's defaults.
    expect(JSON.parse(again.out).record).toMatchObject({
      realm: other,
      s3_payloads: `s3://lava-${other}/payloads`,
      s3_temp: `s3://lava-${other}/tmp`,
      s3_key: `alias/lava-${other}-user`,
    });
    expect(steps.length).toBeGreaterThan(15);
    expect(steps.filter((s) => s.action === 'created')).toEqual([]);
    expect((await lava('realm', 'delete', other, '--yes', '--delete-bucket')).code).toBe(0);
    const gone = await lava('realm', 'describe', other);
    expect(gone.code).toBe(3);
    expect(gone.out).toMatch(new RegExp(`^MISSING\\s+table\\s+lava\\.${other}\\.jobs$`, 'm'));
  });

  it('writes no s3_key with --no-s3-key, and the given one with --s3-key', async () => {
    const [a, b] = [`k${randomBytes(4).toString('hex')}`, `k${randomBytes(4).toString('hex')}`];
    const none = JSON.parse((await lava('--json', 'realm', 'create', a, '--no-s3-key')).out);
    const given = JSON.parse((await lava('--json', 'realm', 'create', b, '--s3-key', 'alias/mine')).out);
    expect(none.record.s3_key).toBeUndefined();
    expect(given.record.s3_key).toBe('alias/mine');
    for (const r of [a, b])
      expect((await lava('realm', 'delete', r, '--yes', '--delete-bucket')).code).toBe(0);
  }, 30_000);

  it('describes a complete realm', async () => {
    const r = await lava('realm', 'describe');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`realm ${realm} is complete`);
    expect(r.out).not.toContain('MISSING');
  });

  it('puts jobs from several files and reads them back', async () => {
    const a = await file(
      'a.yaml',
      'job_id: etl/load\ntype: cmd\nworker: core\npayload: echo hi\nowner: me\ndescription: load\nx-sum: abc\n',
    );
    const b = await file(
      'b.json',
      JSON.stringify([
        {
          job_id: 'etl/two',
          type: 'cmd',
          worker: 'core',
          payload: null,
          dispatcher: 'main',
          owner: 'o',
          description: 'd',
        },
      ]),
    );
    const put = await lava('job', 'put', a, b);
    expect(put).toMatchObject({ code: 0, out: `put job etl/load (${a})\nput job etl/two (${b})\n` });
    const got = await lava('job', 'get', 'etl/load');
    expect(YAML.parse(got.out)).toMatchObject({
      job_id: 'etl/load',
      type: 'cmd',
      worker: 'core',
      payload: 'echo hi',
      'x-sum': 'abc',
    });
    const listed = await lava('--json', 'job', 'list', '--dispatcher', 'main');
    expect(JSON.parse(listed.out).map((j: { job_id: string }) => j.job_id)).toEqual(['etl/two']);
    expect((await lava('job', 'get', 'nope')).err).toContain('error: No such job: nope');
  });

  it('rejects a bad job file with a precise message and writes nothing', async () => {
    const good = await file('ok.yaml', 'job_id: fresh/good\ntype: cmd\nworker: core\npayload: null\n');
    const bad = await file(
      'bad.yaml',
      '- job_id: fresh/bad\n  type: cmd\n  worker: core\n  payload: null\n  iteration_delay: forever\n',
    );
    const r = await lava('job', 'put', good, bad);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${bad}: job fresh/bad /iteration_delay: .*forever`, 'm'));
    expect(r.err).toContain('nothing was written');
    expect(r.out).toBe('');
    expect((await lava('job', 'get', 'fresh/good')).code).toBe(1);
  });

  it('prints the exact run message a dry-run dispatch would send', async () => {
    const job = await file(
      'dry.yaml',
      'job_id: dry/run\ntype: log\nworker: core\npayload: x\nparameters: {action: run, timeout: 20m, vars: {keep: 1}}\nglobals: {country: AU}\n',
    );
    expect((await lava('job', 'put', job)).code).toBe(0);
    const r = await lava(
      '--json',
      'dispatch',
      'dry/run',
      '-p',
      'timeout=1h',
      '-p',
      'vars.location=Quito',
      '-g',
      'country=NZ',
      '-d',
      '90s',
      '--dry-run',
    );
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out);
    expect(plan).toMatchObject({
      queue: `lava-${realm}-core`,
      delay_seconds: 90,
      message: {
        realm,
        worker: 'core',
        job_id: 'dry/run',
        parameters: { timeout: '1h', vars: { location: 'Quito' } },
        globals: { country: 'NZ' },
      },
      // What the run sees once the worker merges the job record.
      effective: {
        parameters: { action: 'run', timeout: '1h', vars: { location: 'Quito' } },
        globals: { country: 'NZ' },
      },
    });
    expect(plan.message.parameters.action).toBeUndefined();
    expect(plan.message.run_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(plan.message.ts_dispatch).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    const deep = JSON.parse(
      (await lava('--json', 'dispatch', 'dry/run', '-p', 'vars.location=Quito', '--deep-merge', '--dry-run'))
        .out,
    );
    expect(deep.message.parameters.vars).toEqual({ keep: 1, location: 'Quito' });
  });

  it('publishes Dispatch Requested on the realm bus, which reaches the dispatch queue', async () => {
    expect(await lava('dispatch', 'no/such/job')).toMatchObject({
      code: 1,
      err: 'error: No such job: no/such/job\n',
    });
    const r = await lava('dispatch', 'etl/load', '-p', 'day=2024-05-01');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n$/);
    expect(r.err).toContain(`dispatch of etl/load requested on bus lava-${realm}: run ${r.out.trim()}`);
    const sqs = new SQSClient(awsClientConfig(aws.url()));
    try {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: `lava-${realm}-dispatch` }));
      let body: string | undefined;
      const deadline = Date.now() + 10_000;
      while (!body && Date.now() < deadline) {
        body = (await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }))).Messages?.[0]
          ?.Body;
      }
      const event = JSON.parse(body ?? '{}');
      expect(event).toMatchObject({
        source: 'lava.cli',
        'detail-type': 'Dispatch Requested',
        detail: { job_id: 'etl/load', realm, parameters: { day: '2024-05-01' }, requested_by: 'lava-cli' },
      });
      // The printed run id is the one the dispatcher derives from the request's idempotency key.
      expect(requestRunId(realm, event.detail.idempotency_key)).toBe(r.out.trim());
    } finally {
      sqs.destroy();
    }
  });

  it('never prints a connection secret', async () => {
    const conn = await file(
      'conn.yaml',
      'conn_id: warehouse\ntype: postgres\nenabled: true\nhost: db\nuser: etl\npassword: /lava/secret/param-name-xyz\n',
    );
    expect((await lava('connection', 'put', conn)).code).toBe(0);
    for (const argv of [
      ['connection', 'get', 'warehouse'],
      ['--json', 'connection', 'get', 'warehouse'],
      ['--json', 'connection', 'list'],
    ]) {
      const r = await lava(...argv);
      expect(r.code).toBe(0);
      expect(r.out).toContain('warehouse');
      expect(r.out).toContain('********');
      expect(r.out + r.err).not.toContain('param-name-xyz');
    }
  });

  it('puts, lists and deletes triggers', async () => {
    const t = await file(
      't.yaml',
      'trigger_id: landing\nbucket: my-bucket\nprefix: in/csv\njob_id: etl/load\nenabled: true\n',
    );
    expect((await lava('trigger', 'put', t)).code).toBe(0);
    expect((await lava('trigger', 'list')).out).toBe('landing\tmy-bucket\tin/csv\tetl/load\ttrue\n');
    expect((await lava('trigger', 'delete', 'landing')).out).toBe('deleted trigger landing\n');
    expect((await lava('trigger', 'delete', 'landing')).code).toBe(1);
  });

  it('writes and reads state', async () => {
    expect(
      (await lava('state', 'put', 'watermark', '-p', 'table=sales', '-p', 'n=1', '--ttl', '1h')).code,
    ).toBe(0);
    // As the original: the value printed as Python prints it, or through a Jinja template; --json for JSON.
    expect((await lava('state', 'get', 'watermark')).out).toBe("{'table': 'sales', 'n': '1'}\n");
    expect((await lava('state', 'get', 'watermark', '{{ s.table }}/{{ state.n }}')).out).toBe('sales/1\n');
    expect(JSON.parse((await lava('--json', 'state', 'get', 'watermark')).out)).toMatchObject({
      state_id: 'watermark',
      value: { table: 'sales', n: '1' },
    });
    expect((await lava('state', 'get', 'missing')).code).toBe(1);
    // The realm's STATE_MAX_TTL (2h, set at realm create) caps a longer --ttl.
    const capped = JSON.parse((await lava('--json', 'state', 'put', 'short', '-v', 'x', '--ttl', '30d')).out);
    expect(capped.ttl - Date.now() / 1000).toBeGreaterThan(2 * 3600 - 60);
    expect(capped.ttl - Date.now() / 1000).toBeLessThanOrEqual(2 * 3600);
    expect(await lava('state', 'get', '-i', 'missing')).toMatchObject({ code: 0, out: '\n' });
  });

  it('writes and reads secure state through KMS (the realm sys key by default)', async () => {
    const kms = new KMSClient(awsClientConfig(aws.url()));
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    await kms.send(
      new CreateAliasCommand({ AliasName: `alias/lava-${realm}-sys`, TargetKeyId: KeyMetadata!.KeyId }),
    );
    const put = await lava('--json', 'state', 'put', 'api', '-p', 'token=tk-123', '--type', 'secure');
    expect(put.code).toBe(0);
    expect(put.out).not.toContain('tk-123');
    expect((await lava('state', 'get', 'api', '{{ s.token }}')).out).toBe('tk-123\n');
    const missingKey = await lava(
      'state',
      'put',
      'x',
      '-v',
      'tk-456',
      '--type',
      'secure',
      '--kms-key',
      'alias/none',
    );
    expect(missingKey.code).not.toBe(0);
    expect(missingKey.err).toContain('NotFoundException');
    expect(missingKey.err + missingKey.out).not.toContain('tk-456');
  });

  it('refuses jobs whose connection or worker queue is missing from the realm, and warns about a lone dispatcher', async () => {
    const job = await file(
      'refs.yaml',
      'job_id: refs/sql\ntype: sqli\nworker: nowhere\nenabled: true\ndispatcher: typo\nschedule: "0 2 * * *"\npayload: select 1\nparameters: {conn_id: nope}\n',
    );
    const r = await lava('job', 'put', job);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `${job}: job refs/sql /parameters/conn_id: connection nope does not exist in realm ${realm}`,
    );
    expect(r.err).toContain(`${job}: job refs/sql /worker: worker nowhere has no queue in realm ${realm}`);
    expect(r.err).toContain(`lava worker create ${realm} nowhere`);
    expect(r.err).toContain(
      `warning: ${job}: job refs/sql /dispatcher: no other job in realm ${realm} uses dispatcher typo`,
    );
    expect((await lava('job', 'get', 'refs/sql')).code).toBe(1);
    // validate needs no realm unless asked; with --check-realm it finds the same problems.
    expect((await lava('job', 'validate', job)).code).toBe(0);
    expect((await lava('job', 'validate', '--check-realm', job)).code).toBe(1);
    // With the connection and worker in place, the dispatcher warning remains: --strict refuses it.
    const conn = await file(
      'refs-conn.yaml',
      'conn_id: nope\ntype: sqlite3\nenabled: true\nhost: /tmp/x.db\n',
    );
    expect((await lava('connection', 'put', conn)).code).toBe(0);
    expect((await lava('worker', 'create', realm, 'nowhere')).code).toBe(0);
    const strict = await lava('job', 'put', '--strict', job);
    expect(strict.code).toBe(1);
    expect(strict.err).toContain(
      'uses dispatcher typo: check the name (a scheduler must serve it) (--strict)',
    );
    expect(await lava('job', 'put', job)).toMatchObject({ code: 0, out: `put job refs/sql (${job})\n` });
  });

  it('creates a worker queue and its DLQ', async () => {
    const r = await lava('worker', 'create', realm, 'etl-core');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`created\\s+queue\\s+lava-${realm}-etl-core-dlq`));
    expect((await lava('--json', 'realm', 'describe')).out).toContain('"etl-core"');
  });
});
