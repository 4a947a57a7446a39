import { JobsChangeMarker, createAwsClients, loadAwsConfig } from '@lava/aws';
import { useAwsEndpoint } from '@lava/aws-local/testing';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../cli';
import { memoryIO } from '../cli-io';

const aws = useAwsEndpoint();

describe('lava schedule next against the local AWS endpoint', () => {
  const realm = `s${randomBytes(4).toString('hex')}`;
  let dir: string;

  async function lava(...argv: string[]) {
    const io = memoryIO();
    const code = await runCli(['--endpoint', aws.url(), '--realm', realm, ...argv], io, {});
    return { code, out: io.out, err: io.err };
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lava-sched-int-'));
    const created = await lava('realm', 'create');
    if (created.code !== 0) throw new Error(created.err);
    // Jobs are put only when their worker has a queue.
    const worker = await lava('worker', 'create', realm, 'core');
    if (worker.code !== 0) throw new Error(worker.err);
  });
  afterAll(async () => {
    await lava('realm', 'delete', '--yes', '--delete-bucket');
    await rm(dir, { recursive: true, force: true });
  });

  it('stores a six-field job with a timezone and lists its next fires in that zone and UTC', async () => {
    const job = path.join(dir, 'job.yaml');
    await writeFile(
      job,
      'job_id: ldn\ntype: cmd\nworker: core\npayload: "true"\nowner: me\ndescription: d\nenabled: true\ndispatcher: main\nschedule: "30 0 1 * * *"\ntimezone: Europe/London\ncatchup: 10m\n',
    );
    expect((await lava('job', 'put', job)).code).toBe(0);
    const clients = createAwsClients(loadAwsConfig({}, { endpoint: aws.url() }));
    expect(await new JobsChangeMarker(clients.dynamo, realm).version()).toBe(1); // schedulers nudged
    clients.destroy();
    const r = await lava('--json', 'schedule', 'next', 'ldn', '-n', '2', '--from', '2024-10-26T12:00:00Z');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      job_id: 'ldn',
      timezone: 'Europe/London',
      enabled: true,
      reboot: false,
      next: [
        { local: '2024-10-27T01:00:30+01:00', utc: '2024-10-27T00:00:30.000Z' },
        { local: '2024-10-28T01:00:30+00:00', utc: '2024-10-28T01:00:30.000Z' },
      ],
    });
    expect((await lava('schedule', 'next', 'nope')).code).toBe(1);
  });
});
