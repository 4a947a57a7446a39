import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createAwsClients, loadAwsConfig, realmNames } from '@lava/aws';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { runCli } from '../cli';
import { memoryIO } from '../cli-io';

const aws = useAwsEndpoint();

/** Entry names of a zip file, read by Python's zipfile (an independent reader). */
function zipEntries(file: string): string[] {
  const script = 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))';
  return execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }).trim().split('\n').sort();
}

describe('operator utilities: dump, backup, conn-usage, job-activity, check', () => {
  const realm = `u${randomBytes(4).toString('hex')}`;
  let dir: string;

  async function lava(...argv: string[]) {
    const io = memoryIO();
    const code = await runCli(['--endpoint', aws.url(), '--realm', realm, ...argv], io, {});
    return { code, out: io.out, err: io.err };
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lava-utilities-'));
    for (const argv of [
      ['realm', 'create'],
      ['worker', 'create', realm, 'core'],
    ]) {
      const r = await lava(...argv);
      if (r.code !== 0) throw new Error(r.err);
    }
    const conns = path.join(dir, 'conns.yaml');
    await writeFile(
      conns,
      [
        {
          conn_id: 'redshift-main',
          type: 'postgres',
          host: 'h',
          user: 'u',
          password: '/lava/p/rs-secret-param',
        },
        { conn_id: 'Mail', type: 'email', subtype: 'smtp', host: 'smtp' },
      ]
        .map((c) => `- ${JSON.stringify(c)}`)
        .join('\n'),
    );
    const jobs = path.join(dir, 'jobs.yaml');
    const job = (id: string, params: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      job_id: id,
      type: 'sqli',
      worker: 'core',
      owner: 'o',
      description: 'd',
      enabled: true,
      payload: 'select 1',
      parameters: params,
      ...extra,
    });
    await writeFile(
      jobs,
      JSON.stringify([
        job('etl/load', { conn_id: 'redshift-main' }),
        job(
          'etl/report',
          { conn_id: 'redshift-main' },
          { on_fail: [{ action: 'email', email_conn: 'Mail', to: 'a@b', subject: 's', message: 'm' }] },
        ),
        { ...job('ops/echo', {}), type: 'cmd', payload: 'echo hi' },
      ]),
    );
    for (const argv of [
      ['connection', 'put', conns],
      ['job', 'put', jobs],
    ]) {
      const r = await lava(...argv);
      if (r.code !== 0) throw new Error(r.err);
    }
  }, 60_000);

  afterAll(async () => {
    await lava('realm', 'delete', '--yes', '--delete-bucket');
    await rm(dir, { recursive: true, force: true });
  });

  it('dump writes one file per matching record, named as the original named them, secrets masked', async () => {
    const out = path.join(dir, 'dump-jobs');
    const r = await lava('dump', '-d', out, 'etl/*');
    expect(r.code).toBe(0);
    expect(await readdir(out)).toEqual(['etl.load.json', 'etl.report.json']);
    expect(JSON.parse(await readFile(path.join(out, 'etl.load.json'), 'utf8'))).toMatchObject({
      job_id: 'etl/load',
      parameters: { conn_id: 'redshift-main' },
    });
    const inverted = path.join(dir, 'dump-not');
    expect((await lava('dump', '-q', '-n', '-d', inverted, 'ETL/*', '-i')).code).toBe(0);
    expect(await readdir(inverted)).toEqual(['ops.echo.json']);
    const conns = path.join(dir, 'dump-conns');
    expect((await lava('dump', '-t', 'conn', '-y', '-d', conns)).code).toBe(0);
    expect(await readdir(conns)).toEqual(['mail.yaml', 'redshift-main.yaml']);
    expect(await readFile(path.join(conns, 'redshift-main.yaml'), 'utf8')).not.toContain('rs-secret-param');
    // What dump writes loads back with put.
    expect((await lava('job', 'put', path.join(dir, 'dump-jobs'))).code).toBe(0);
    const ambiguous = await lava('dump', '-t', 'xyz');
    expect(ambiguous.code).not.toBe(0);
    expect(ambiguous.err).toContain('Bad --table "xyz": unknown');
  });

  it('backup puts every table of the realm into one zip, locally and in S3', async () => {
    const local = path.join(dir, 'backup.zip');
    const r = await lava('backup', realm, local);
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain(`6 records of realm ${realm}`);
    expect(zipEntries(local)).toEqual([
      'connections/mail.json',
      'connections/redshift-main.json',
      'jobs/etl.load.json',
      'jobs/etl.report.json',
      'jobs/ops.echo.json',
      `realms/${realm}.json`,
    ]);
    const bucket = `lava-${realm}`;
    expect((await lava('backup', '-y', realm, `s3://${bucket}/backups/b.zip`)).code).toBe(0);
    const clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    try {
      const obj = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'backups/b.zip' }));
      const copy = path.join(dir, 'from-s3.zip');
      await writeFile(copy, await obj.Body!.transformToByteArray());
      expect(zipEntries(copy)).toContain('jobs/etl.load.yaml');
    } finally {
      clients.destroy();
    }
  });

  it('conn-usage lists the jobs naming matching connections, action connections included', async () => {
    const r = await lava('conn-usage', 'redshift*');
    expect(r).toMatchObject({ code: 0, out: 'etl/load\netl/report\n' });
    const mail = await lava('--json', 'conn-usage', '-i', 'mail');
    expect(JSON.parse(mail.out)).toEqual([
      { job_id: 'etl/report', conn_id: 'Mail', path: '/on_fail/0/email_conn', templated: false },
    ]);
    expect((await lava('conn-usage', 'nothing-*')).out).toBe('\n');
  });

  it('job-activity sums run-seconds per slice by job and by worker, and reloads its dump', async () => {
    const clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    const put = (runId: string, log: Array<[string, string]>) =>
      clients.dynamo.send(
        new PutCommand({
          TableName: realmNames(realm).tables.events,
          Item: {
            job_id: 'etl/load',
            run_id: runId,
            worker: 'core',
            status: log[log.length - 1]![0],
            tu_event: log[log.length - 1]![1],
            log: log.map(([status, tu_event]) => ({
              status,
              tu_event,
              ts_event: `${tu_event}+00:00`,
              info: null,
            })),
          },
        }),
      );
    try {
      await put('r1', [
        ['running', '2024-02-15T00:05:00'],
        ['complete', '2024-02-15T00:15:00'],
      ]);
      await put('r2', [
        ['running', '2024-02-15T01:00:00'],
        ['failed', '2024-02-15T01:00:40'],
      ]);
      await put('r3', [
        ['running', '2024-02-16T01:00:00'],
        ['complete', '2024-02-16T01:00:40'],
      ]);
    } finally {
      clients.destroy();
    }
    const dump = path.join(dir, 'ev.json');
    const r = await lava(
      'job-activity',
      '-q',
      '-s',
      '2024-02-15T00:00:00',
      '-e',
      '2024-02-15T02:00:00',
      '-i',
      '30',
      '--dump',
      dump,
      'etl/load',
    );
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        'Job ID,2024-02-15 00:00:00,2024-02-15 00:30:00,2024-02-15 01:00:00,2024-02-15 01:30:00',
        'etl/load,600,0,40,0',
        '',
        'Worker,2024-02-15 00:00:00,2024-02-15 00:30:00,2024-02-15 01:00:00,2024-02-15 01:30:00',
        'core,600,0,40,0',
        '',
      ].join('\n'),
    );
    const reloaded = await lava('job-activity', '--load', dump, '-i', '120');
    expect(reloaded.out.split('\n').slice(0, 2)).toEqual(['Job ID,2024-02-15 00:00:00', 'etl/load,640']);
    const failedOnly = await lava(
      '--json',
      'job-activity',
      '-s',
      '2024-02-15T00:00:00Z',
      '--status',
      'failed',
      '-q',
      'etl/load',
    );
    expect(JSON.parse(failedOnly.out).jobs['etl/load'].reduce((a: number, b: number) => a + b, 0)).toBe(40);
    expect((await lava('job-activity')).err).toContain('Name at least one job id');
  });

  it('check lists its checks, and reports problems as markdown tables per check', async () => {
    const list = await lava('check');
    expect(list.code).toBe(0);
    expect(list.out).toContain('joborphan*:');
    const r = await lava('check', '-c', 'jobrepo', '-c', 'conmeta', '-c', 'joborphan');
    expect(r.code).toBe(0);
    expect(r.out).toContain('# conmeta: Connection specs with missing metadata');
    expect(r.out).toMatch(/^\| Mail +\| +\| Missing: description, owner \|$/m);
    // job-activity's test recorded runs of etl/load only.
    const orphans = JSON.parse((await lava('--json', 'check', '-c', 'joborphan')).out) as Array<{
      findings: Array<{ id: string }>;
    }>;
    expect(orphans[0]!.findings.map((f) => f.id)).toEqual(['etl/report', 'ops/echo']);
    const bad = await lava('check', '-c', 'nothing');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('No matching check types: nothing');
  });

  it("ws shows each worker fleet's waiting, running, delayed and dead-lettered runs", async () => {
    const r = await lava('ws');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^FLEET +KIND +WAITING +RUNNING +DELAYED +DEAD-LETTER$/);
    expect(r.out).toMatch(/^core +worker +0 +0 +0 +0$/m);
    const all = JSON.parse((await lava('--json', 'ws', '--all')).out) as Array<{ name: string }>;
    expect(all.map((d) => d.name)).toEqual(expect.arrayContaining(['core', 'dispatch', 'audit']));
  });
});
