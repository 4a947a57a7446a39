import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../cli';
import { memoryIO } from '../cli-io';
import { formatLocal, scheduleReport } from '@lava/scheduling';
import { formatReport } from './schedule-report';

async function lava(env: NodeJS.ProcessEnv, ...argv: string[]) {
  const io = memoryIO();
  const code = await runCli(argv, io, env);
  return { code, out: io.out, err: io.err };
}

describe('schedule report (lava schedule next)', () => {
  it('lists fires in the job zone and UTC across a DST change (skipped 02:30 fires at 03:00)', () => {
    const job = { job_id: 'ny', schedule: '30 2 * * *', timezone: 'America/New_York' };
    const r = scheduleReport(job, 'UTC', new Date('2024-03-08T12:00:00Z'), 3);
    expect(r.next).toEqual([
      { local: '2024-03-09T02:30:00-05:00', utc: '2024-03-09T07:30:00.000Z' },
      { local: '2024-03-10T03:00:00-04:00', utc: '2024-03-10T07:00:00.000Z' },
      { local: '2024-03-11T02:30:00-04:00', utc: '2024-03-11T06:30:00.000Z' },
    ]);
    expect(formatReport(r)).toContain('ny: next fires (America/New_York | UTC)');
  });

  it('uses the dispatcher zone by default, six-field cron, and flags disabled jobs', () => {
    const r = scheduleReport(
      { job_id: 'x', schedule: '*/20 0 9 * * *', enabled: false },
      'Australia/Sydney',
      new Date('2024-07-01T00:00:00Z'),
      2,
    );
    expect(r).toMatchObject({ timezone: 'Australia/Sydney', enabled: false });
    expect(r.next.map((n) => n.local)).toEqual(['2024-07-02T09:00:00+10:00', '2024-07-02T09:00:20+10:00']);
    expect(formatReport(r)).toContain('job disabled');
    expect(formatLocal(new Date('2024-01-01T00:00:00Z'), 'Asia/Kolkata')).toBe('2024-01-01T05:30:00+05:30');
  });
});

describe('lava schedule check', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lava-sched-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports each schedule with its next fire and fails on a bad one, naming the entry', async () => {
    const good = path.join(dir, 'good.yaml');
    await writeFile(
      good,
      'job_id: a\ndispatcher: main\nenabled: true\nschedule: ["0 2 * * *", {crontab: "@reboot"}]\n---\njob_id: b\n---\njob_id: off\nschedule: "0 3 * * *"\n',
    );
    const ok = await lava({}, 'schedule', 'check', good);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(
      /^ok a \(.*good\.yaml\): next \d{4}-\d\d-\d\dT02:00:00\+00:00 UTC\nok off \(.*\): next \S+T03:00:00\+00:00 UTC \(disabled: the scheduler will not fire it\)\n$/,
    );

    const bad = path.join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify([
        { job_id: 'c', schedule: { crontab: '0 1 * * *', 'to:': 'x' } },
        { job_id: 'd', schedule: '0 1 * * *', timezone: 'Mars/Base' },
      ]),
    );
    const r = await lava({}, 'schedule', 'check', bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Bad schedule entry 1: Unexpected keys: to:');
    expect(r.err).toContain('Unknown time zone "Mars/Base"');
  });

  it("skips the original's lavasched crontab builder with a warning", async () => {
    const file = path.join(dir, 'lavasched.yaml');
    await writeFile(
      file,
      'job_id: cron/build\ntype: lavasched\ndispatcher: main\nenabled: true\nschedule: "*/15 * * * *"\n---\njob_id: a\nenabled: true\nschedule: "0 2 * * *"\n',
    );
    const r = await lava({}, 'schedule', 'check', file);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      /warning: cron\/build \(.*lavasched\.yaml\): type lavasched is the original's crontab builder/,
    );
    expect(r.out).toMatch(/^ok a /);
    expect(r.out).not.toContain('cron/build');
    const json = JSON.parse((await lava({}, '--json', 'schedule', 'check', file)).out);
    expect(json.skipped).toEqual([expect.objectContaining({ job_id: 'cron/build' })]);
  });

  it('refuses an unknown --tz', async () => {
    const r = await lava({}, 'schedule', 'check', '--tz', 'Nowhere/Else', dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown time zone: Nowhere/Else');
  });
});
