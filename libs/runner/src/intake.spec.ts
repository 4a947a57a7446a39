import { validateJob } from '@lava/core';
import { intake, type IntakeDeps } from './intake';

/** A plain copy (jest's structuredClone returns objects of another realm, which validation refuses). */
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const job = {
  job_id: 'etl/load',
  type: 'cmd',
  worker: 'core',
  payload: 'true',
  parameters: { timeout: '5m', vars: { a: 1, b: 2 } },
  globals: { country: 'AU' },
  max_tries: 2,
};

const message = {
  realm: 'acme',
  worker: 'core',
  job_id: 'etl/load',
  run_id: '0b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11',
  ts_dispatch: '2024-05-01T10:15:00+10:00',
};

function deps(record: Record<string, unknown> | undefined = job): IntakeDeps {
  return {
    realm: 'acme',
    worker: 'core',
    jobs: { get: (id) => Promise.resolve(id === record?.job_id ? clone(record) : undefined) },
    // As the worker wires it: validateJob throws on an invalid record.
    validateJob: (raw) => validateJob(raw).value as unknown as Record<string, unknown>,
  };
}

const run = (body: unknown, receiveCount = 1, d = deps()) =>
  intake(typeof body === 'string' ? body : JSON.stringify(body), receiveCount, 'msg-1', d);

describe('intake: messages that may run', () => {
  it('merges the request over the job record, shallowly, and stamps the run fields', async () => {
    const decision = await run({ ...message, parameters: { vars: { c: 3 } }, globals: { day: 'mon' } });
    expect(decision).toMatchObject({ kind: 'run' });
    if (decision.kind !== 'run') return;
    expect(decision.job).toMatchObject({
      job_id: 'etl/load',
      run_id: message.run_id,
      realm: 'acme',
      type: 'cmd',
      worker: 'core',
      // Shallow, as the original: the request's `vars` replaces the job's whole map.
      parameters: { timeout: '5m', vars: { c: 3 } },
      globals: { country: 'AU', day: 'mon' },
    });
    expect(decision.job.ts_dispatch).toEqual(new Date('2024-05-01T00:15:00Z'));
    expect(decision.resumeIteration).toBe(1);
  });

  it('resumes after the iterations a redelivered message already tried', async () => {
    const decision = await run({ ...message, schema_version: 2, tries: 2 }, 2);
    expect(decision).toMatchObject({ kind: 'run', resumeIteration: 3 });
  });

  it('never shares the job record it read with the run (the run may change its copy)', async () => {
    const record = clone(job);
    const d = deps(record);
    d.jobs.get = () => Promise.resolve(record);
    const decision = await run(message, 1, d);
    if (decision.kind !== 'run') throw new Error('expected a run');
    (decision.job.parameters as Record<string, unknown>).timeout = '1s';
    expect(record.parameters.timeout).toBe('5m');
  });
});

describe('intake: refusals (recorded as rejected runs, never retried)', () => {
  it.each<[string, unknown, number, string, string]>([
    ['unparseable JSON', '{', 1, 'RUN_MESSAGE_INVALID', 'Malformed dispatch message'],
    ['missing run_id', { ...message, run_id: undefined }, 1, 'RUN_MESSAGE_INVALID', 'run_id'],
    ['another realm', { ...message, realm: 'other' }, 1, 'REALM_MISMATCH', 'Realm mismatch'],
    ['another fleet', { ...message, worker: 'gpu' }, 1, 'WORKER_MISMATCH', 'Worker mismatch'],
    ['an unknown job', { ...message, job_id: 'etl/nope' }, 1, 'JOB_NOT_FOUND', 'No such job: etl/nope'],
    ['too many receives', message, 3, 'MAX_TRIES_EXCEEDED', 'max_tries exceeded (3 > 2)'],
    [
      'a bad globals.lava timestamp',
      { ...message, globals: { lava: { master_start: 'yesterday' } } },
      1,
      'RUN_MESSAGE_INVALID',
      'master_start',
    ],
  ])('%s', async (_name, body, receives, code, reason) => {
    const decision = await run(body, receives);
    expect(decision).toMatchObject({ kind: 'reject', code });
    if (decision.kind === 'reject') expect(decision.reason).toContain(reason);
  });

  it('names the run when an invalid message still carries its ids', async () => {
    const decision = await run({ ...message, ts_dispatch: 'not a time' });
    expect(decision).toMatchObject({ kind: 'reject', job_id: 'etl/load', run_id: message.run_id });
  });

  it('falls back to the SQS message id when nothing names the run', async () => {
    expect(await run('[1,2]')).toMatchObject({ kind: 'reject', job_id: '-', run_id: 'msg-1' });
  });

  it('refuses a body nested deeper than the limit before parsing it', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(await run(deep)).toMatchObject({ kind: 'reject', code: 'RUN_MESSAGE_INVALID', run_id: 'msg-1' });
  });

  it('refuses a job record that no longer validates, and one moved to another fleet', async () => {
    expect(await run(message, 1, deps({ ...job, max_tries: 'lots' }))).toMatchObject({
      kind: 'reject',
      code: 'JOB_INVALID',
    });
    expect(await run(message, 1, deps({ ...job, worker: 'gpu' }))).toMatchObject({
      kind: 'reject',
      code: 'JOB_WORKER_MISMATCH',
    });
  });
});
