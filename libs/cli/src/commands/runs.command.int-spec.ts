import { randomBytes } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createAwsClients, loadAwsConfig, type AwsClients } from '@lava/aws';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { formatUtcNaive } from '@lava/core';
import { runCli } from '../cli';
import { memoryIO } from '../cli-io';

const aws = useAwsEndpoint();

describe('lava runs / run / events / logs against the local AWS endpoint', () => {
  const realm = `h${randomBytes(4).toString('hex')}`;
  let clients: AwsClients;
  const now = Date.now();
  const tu = (agoSeconds: number) => formatUtcNaive(new Date(now - agoSeconds * 1000));

  async function lava(...argv: string[]) {
    const io = memoryIO();
    const code = await runCli(['--endpoint', aws.url(), '--realm', realm, ...argv], io, {});
    return { code, out: io.out, err: io.err };
  }

  async function putRun(job_id: string, run_id: string, status: string, agoSeconds: number): Promise<void> {
    await clients.dynamo.send(
      new PutCommand({
        TableName: `lava.${realm}.events`,
        Item: {
          job_id,
          run_id,
          status,
          tu_event: tu(agoSeconds),
          worker: 'core',
          log: [
            {
              status,
              ts_event: `${tu(agoSeconds)}Z`,
              tu_event: tu(agoSeconds),
              info: status === 'failed' ? 'exit 3' : null,
            },
          ],
          event_ids: new Set(['e1']),
          rev: 1,
        },
      }),
    );
  }

  beforeAll(async () => {
    const created = await lava('realm', 'create');
    if (created.code !== 0) throw new Error(created.err);
    clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    await putRun('etl/load', 'run-old', 'complete', 7200);
    await putRun('etl/load', 'run-new', 'failed', 60);
    await putRun('ops/other', 'run-x', 'failed', 10);
    const bucket = `lava-${realm}`;
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'tmp/etl/load/run-new/load.sh.stdout',
        Body: 'rows: 12\n',
      }),
    );
    await clients.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'tmp/etl/load/run-new/load.sh.stderr', Body: 'boom' }),
    );
  }, 30_000);

  afterAll(async () => {
    await lava('realm', 'delete', '--yes', '--delete-bucket');
    clients.destroy();
  });

  it('lists the runs of a job, newest first', async () => {
    const r = await lava('runs', 'etl/load');
    expect(r.code).toBe(0);
    expect(
      r.out
        .split('\n')
        .slice(1, 3)
        .map((l) => l.split(/\s+/).slice(0, 3)),
    ).toEqual([
      ['run-new', 'etl/load', 'failed'],
      ['run-old', 'etl/load', 'complete'],
    ]);
  });

  it('--watch prints new runs and status changes until --for passes', async () => {
    const watching = lava('runs', 'etl/watched', '--watch', '--poll', '0.2s', '--for', '3s');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await putRun('etl/watched', 'run-watched', 'running', 0);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await putRun('etl/watched', 'run-watched', 'retrying', 0);
    const r = await watching;
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').filter((l) => l.startsWith('run-watched'));
    expect(lines.map((l) => l.split(/\s+/)[2])).toEqual(['running', 'retrying']);
    expect(r.out.split('\n')[0]).toBe('no runs');
    expect((await lava('runs', 'etl/load', '--watch', '--for', 'ever')).code).toBe(2);
  });

  it('shows one run by run_id alone, without bookkeeping fields in JSON', async () => {
    const r = await lava('run', 'run-new');
    expect(r.out).toContain('run run-new  job etl/load  status failed');
    expect(r.out).toMatch(/failed\s+exit 3/);
    const json = JSON.parse((await lava('--json', 'run', 'run-new')).out) as Record<string, unknown>;
    expect(json).toMatchObject({ job_id: 'etl/load', run_id: 'run-new', status: 'failed' });
    expect(json).not.toHaveProperty('event_ids');
    const missing = await lava('run', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('No such run: nope');
  });

  it('filters runs across jobs by time and status', async () => {
    const r = await lava('--json', 'events', '--since', '1h', '--status', 'failed');
    expect((JSON.parse(r.out) as Array<{ run_id: string }>).map((x) => x.run_id)).toEqual([
      'run-x',
      'run-new',
    ]);
    const all = await lava('--json', 'events', '--status', 'complete,failed');
    expect((JSON.parse(all.out) as unknown[]).length).toBe(3);
    expect((await lava('events', '--since', 'soon')).code).toBe(2);
  });

  it('prints a run’s stdout and stderr from S3', async () => {
    const r = await lava('logs', 'run-new');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`==> s3://lava-${realm}/tmp/etl/load/run-new/load.sh.stderr <==\nboom\n`);
    expect(r.out).toContain(`==> s3://lava-${realm}/tmp/etl/load/run-new/load.sh.stdout <==\nrows: 12\n`);
    const err = await lava('logs', 'run-new', '--stream', 'stderr');
    expect(err.out).not.toContain('rows: 12');
    expect(err.out).toContain('boom');
  });
});
