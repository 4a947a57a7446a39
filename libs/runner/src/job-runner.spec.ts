import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  validateJob,
  JobFailedError,
  type HandlerContext,
  type RunJob,
  type ActionListName,
  type RunEvent,
  type TemplateEngine,
} from '@lava/core';
import {
  HandlerRegistry,
  ChainHandler,
  ForeachHandler,
  UnconfinedSandbox,
  type JobHandler,
} from '@lava/handlers';
import { Logger } from '@lava/logging';
import { buildJobBaseContext } from '@lava/templating';
import { JinjaTemplateEngine, type JobBaseBuilder } from './jinja-template-engine';
import { JobRunner } from './job-runner';

const roots: string[] = [];
function tempRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lava-runner-'));
  roots.push(dir);
  return dir;
}
afterAll(() => roots.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A handler scripted per test: each call takes the next behaviour. */
class ScriptedHandler implements JobHandler {
  readonly calls: HandlerContext[] = [];
  constructor(
    readonly type: string,
    private readonly script: Array<'ok' | 'fail'>,
  ) {}
  async run(ctx: HandlerContext) {
    this.calls.push(ctx);
    const step = this.script[this.calls.length - 1] ?? 'ok';
    if (step === 'fail')
      throw new JobFailedError('X', `attempt ${this.calls.length} failed`, { exit_status: 3 });
    return { exit_status: 0, attempt: this.calls.length };
  }
}

/** Renders `{{ a.b }}` lookups only; enough to see which context values reach templates. */
function lookups(template: string, context: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, path: string) => {
    const v = path
      .split('.')
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], context);
    return v === undefined ? '' : String(v);
  });
}
const templates: TemplateEngine = {
  bind: (context) => ({
    render: async (template, _field, extra) => lookups(template, { ...context, ...extra }),
    renderJson: async (value, _field, extra) =>
      JSON.parse(lookups(JSON.stringify(value), { ...context, ...extra })) as typeof value,
  }),
};

function setup(
  options: {
    script?: Array<'ok' | 'fail'>;
    jobs?: Record<string, unknown>;
    config?: Record<string, string>;
    now?: Date;
    templates?: TemplateEngine;
    handlers?: JobHandler[];
  } = {},
) {
  const events: RunEvent[] = [];
  const actions: Array<{ list: ActionListName; actions: unknown[]; result: Record<string, unknown> }> = [];
  const handler = new ScriptedHandler('scripted', options.script ?? ['ok']);
  const now = options.now ?? new Date('2026-03-01T10:00:00Z');
  const runner = new JobRunner({
    realm: 'demo',
    worker: 'core',
    realmRecord: {
      realm: 'demo',
      s3_temp: 's3://b/tmp',
      on_fail: [{ action: 'log', message: 'realm default' }],
    },
    tmpRoot: tempRoot(),
    dev: false,
    config: (k) => options.config?.[k],
    baseEnv: {},
    sandbox: new UnconfinedSandbox(),
    clock: () => now,
    logger: new Logger({}, { sink: () => undefined }),
    handlers: new HandlerRegistry([
      handler,
      new ChainHandler(),
      new ForeachHandler(),
      ...(options.handlers ?? []),
    ]),
    templates: options.templates ?? templates,
    events: { record: async (e) => void events.push(e) },
    jobs: { get: async (id) => options.jobs?.[id] as Record<string, unknown> | undefined },
    state: { get: async (id) => (id === 'counter' ? { value: { n: 7 } } : undefined) },
    actions: {
      run: async (list, acts, scope) => {
        actions.push({ list, actions: acts, result: scope.result });
        if ((acts[0] as { action?: string }).action === 'boom')
          throw new Error(`${list} action: boom: exploded`);
      },
    },
    ports: {
      forJob: () => ({
        payloads: { download: async () => [] },
        outputs: { prefix: 's3://b/tmp/x', put: async (n) => n },
        dispatcher: { dispatch: async () => ({}), check: async () => undefined },
        connections: { get: async () => ({}) },
      }),
    },
    validateJob: (raw) => validateJob(raw).value as Record<string, unknown>,
  });
  return { runner, events, actions, handler, now };
}

function job(overrides: Partial<RunJob> = {}): RunJob {
  const dispatched = new Date('2026-03-01T09:59:00Z');
  return {
    job_id: 'demo/j',
    type: 'scripted',
    worker: 'core',
    payload: '--',
    parameters: {},
    globals: {},
    state: {},
    enabled: true,
    run_id: '0b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11',
    realm: 'demo',
    ts_dispatch: dispatched,
    ts_start: dispatched,
    ts_ustart: dispatched,
    ...overrides,
  };
}

const run = (s: ReturnType<typeof setup>, j: RunJob, resumeIteration?: number) =>
  s.runner.runTopLevel({ job: j, signal: new AbortController().signal, resumeIteration });
const statuses = (events: RunEvent[]) => events.map((e) => e.status);

describe('JobRunner', () => {
  it('runs starting -> running -> complete, runs on_success with the result, sets lava globals', async () => {
    const s = setup();
    const j = job({ on_success: [{ action: 'log', message: 'ok' }] });
    const outcome = await run(s, j);
    expect(outcome).toEqual({ status: 'complete', result: { exit_status: 0, attempt: 1 } });
    expect(statuses(s.events)).toEqual(['starting', 'running', 'complete']);
    expect(s.events[1]!.info).toBe('Iteration 1');
    expect(s.actions).toEqual([
      {
        list: 'on_success',
        actions: [{ action: 'log', message: 'ok' }],
        result: { exit_status: 0, attempt: 1 },
      },
    ]);
    expect(j.globals.lava).toMatchObject({
      master_job_id: 'demo/j',
      parent_job_id: 'demo/j',
      iteration: 1,
      master_start: '2026-03-01T10:00:00+00:00',
    });
    expect(j.ts_start).toEqual(s.now);
  });

  it('keeps the local offset in globals.lava start times, in the original isoformat() form', async () => {
    const s = setup({ config: { TZ: 'Australia/Sydney' }, now: new Date('2024-04-30T23:00:00Z') });
    const j = job({});
    await run(s, j);
    expect(j.globals.lava).toMatchObject({
      master_start: '2024-05-01T09:00:00+10:00',
      parent_start: '2024-05-01T09:00:00+10:00',
      master_ustart: '2024-04-30T23:00:00+00:00',
      parent_ustart: '2024-04-30T23:00:00+00:00',
    });
  });

  it('skips a statically disabled job without a starting event', async () => {
    const s = setup();
    expect((await run(s, job({ enabled: false }))).status).toBe('skipped');
    expect(s.events.map((e) => [e.status, e.info])).toEqual([['skipped', 'Job not enabled (static)']]);
    expect(s.handler.calls).toHaveLength(0);
  });

  it('skips after starting when a Jinja enabled does not render to true', async () => {
    const s = setup();
    await run(s, job({ enabled: '{{ job.parameters.on }}', parameters: { on: 'False ' } }));
    expect(s.events.map((e) => [e.status, e.info])).toEqual([
      ['starting', null],
      ['skipped', 'Job not enabled (enabled="false")'],
    ]);
  });

  it('retries with on_retry, then succeeds', async () => {
    const s = setup({ script: ['fail', 'ok'] });
    const outcome = await run(
      s,
      job({ iteration_limit: 2, on_retry: [{ action: 'log', message: 'again' }] }),
    );
    expect(outcome.status).toBe('complete');
    expect(statuses(s.events)).toEqual(['starting', 'running', 'retrying', 'running', 'complete']);
    expect(s.events[2]!.info).toEqual({ error: 'attempt 1 failed', error_data: { exit_status: 3 } });
    expect(s.actions.map((a) => a.list)).toEqual(['on_retry']);
  });

  it('fails after the last iteration and falls back to the realm on_fail list', async () => {
    const s = setup({ script: ['fail'] });
    const outcome = await run(s, job());
    expect(outcome.status).toBe('failed');
    expect(statuses(s.events)).toEqual(['starting', 'running', 'failed']);
    expect(s.actions[0]).toMatchObject({
      list: 'on_fail',
      actions: [{ action: 'log', message: 'realm default' }],
    });
  });

  it('an empty job list turns the realm default off; a failing action ends in action_failed', async () => {
    const quiet = setup({ script: ['fail'] });
    await run(quiet, job({ on_fail: [] }));
    expect(quiet.actions).toHaveLength(0);

    const loud = setup();
    const outcome = await run(loud, job({ on_success: [{ action: 'boom' }] }));
    expect(outcome.status).toBe('action_failed');
    expect(loud.events.at(-1)).toMatchObject({
      status: 'action_failed',
      info: 'on_success action: boom: exploded',
    });
  });

  it('rejects late dispatches and out-of-range iteration settings before running', async () => {
    const late = setup();
    await run(late, job({ max_run_delay: '30s' }));
    expect(late.events.map((e) => [e.status, e.info])).toEqual([
      ['starting', null],
      ['rejected', 'dispatch is more than 30s old'],
    ]);
    const many = setup();
    await run(many, job({ iteration_limit: 11 }));
    expect(many.events.at(-1)).toMatchObject({ status: 'rejected', info: 'iteration_limit must be <= 10' });
    const slow = setup();
    await run(slow, job({ iteration_delay: '6m' }));
    expect(slow.events.at(-1)).toMatchObject({ status: 'rejected', info: 'iteration_delay must be <= 5m' });
    expect(late.handler.calls.length + many.handler.calls.length + slow.handler.calls.length).toBe(0);
  });

  it('rejects a run whose job id, run id or worker would escape its directory or S3 prefix, before anything runs', async () => {
    for (const [field, value] of [
      ['job_id', '../../victim/planted'],
      ['run_id', '../other-run'],
      ['worker', '../../x'],
    ] as const) {
      const s = setup();
      const outcome = await run(s, job({ [field]: value }));
      expect({ field, status: outcome.status }).toEqual({ field, status: 'rejected' });
      expect(String(s.events.at(-1)?.info)).toContain(
        `Unsafe identifier: ${field} ${JSON.stringify(value)} is not allowed`,
      );
      expect(s.handler.calls).toHaveLength(0);
    }
  });

  it('fails an unknown job type with the original message', async () => {
    const s = setup();
    await run(s, job({ type: 'nosuchtype' }));
    expect(s.events.at(-1)).toMatchObject({ status: 'failed', info: 'nosuchtype: Unknown job type' });
  });

  it('records event_log rendered, and resolves state before templates see it', async () => {
    const s = setup();
    const j = job({
      state: { counter: { n: 0 }, missing: 'dflt' },
      event_log: { n: '{{ state.counter.n }}', keep: 3 },
    });
    await run(s, j);
    expect(s.events[1]).toMatchObject({ status: 'logging', info: { n: '7', keep: 3 } });
    expect(j.state).toEqual({ counter: { n: 7 }, missing: 'dflt' });
  });

  it('releases the message instead of sleeping through a long iteration_delay, and resumes', async () => {
    const s = setup({ script: ['fail', 'ok'] });
    const first = await run(s, job({ iteration_limit: 3, iteration_delay: '2m' }));
    expect(first).toMatchObject({ status: 'retrying', resumeAt: { iteration: 2, delaySeconds: 120 } });
    const resumed = await run(s, job({ iteration_limit: 3, iteration_delay: '2m' }), 2);
    expect(resumed.status).toBe('complete');
    expect(statuses(s.events)).toEqual(['starting', 'running', 'retrying', 'running', 'complete']);
  });

  it('runs chain children in process under the parent run_id with the parent globals winning', async () => {
    const s = setup({
      jobs: {
        'demo/a': {
          job_id: 'demo/a',
          type: 'scripted',
          worker: 'core',
          payload: '--',
          enabled: true,
          globals: { who: 'child', keep: 1 },
        },
        'demo/b': { job_id: 'demo/b', type: 'scripted', worker: 'other', payload: '--', enabled: true },
      },
    });
    const parent = job({
      job_id: 'demo/chain',
      type: 'chain',
      payload: 'demo/a',
      globals: { who: 'parent' },
    });
    expect((await run(s, parent)).status).toBe('complete');
    const child = s.handler.calls[0]!.job;
    expect(child.run_id).toBe(parent.run_id);
    expect(child.globals).toMatchObject({
      who: 'parent',
      keep: 1,
      lava: { parent_job_id: 'demo/chain', master_job_id: 'demo/chain' },
    });
    expect(s.events.map((e) => `${e.job_id}:${e.status}`)).toEqual([
      'demo/chain:starting',
      'demo/chain:running',
      'demo/a:starting',
      'demo/a:running',
      'demo/a:complete',
      'demo/chain:complete',
    ]);
    const wrongWorker = await run(s, job({ job_id: 'demo/chain2', type: 'chain', payload: 'demo/b' }));
    expect(wrongWorker.status).toBe('failed');
  });

  it('runs foreach children in process with the generator values and foreach_index in their globals', async () => {
    const s = setup({
      jobs: {
        'demo/a': {
          job_id: 'demo/a',
          type: 'scripted',
          worker: 'core',
          payload: '--',
          enabled: true,
          globals: { day: 'child' },
        },
      },
    });
    const parent = job({
      job_id: 'demo/each',
      type: 'foreach',
      payload: 'demo/a',
      parameters: { foreach: { type: 'inline', values: [{ day: 'mon' }, { day: 'tue' }] } },
    });
    expect(await run(s, parent)).toMatchObject({
      status: 'complete',
      result: { foreach_len: 2, jobs_completed: 2 },
    });
    expect(
      s.handler.calls.map((c) => [
        c.job.run_id,
        c.job.globals.day,
        (c.job.globals.lava as Record<string, unknown>).foreach_index,
      ]),
    ).toEqual([
      [parent.run_id, 'mon', 0],
      [parent.run_id, 'tue', 1],
    ]);
  });

  it('builds the Jinja context once for event_log and enabled, then once per iteration for all its fields', async () => {
    let builds = 0;
    const counting: JobBaseBuilder = (input) => {
      builds += 1;
      return buildJobBaseContext(input);
    };
    const seen: string[][] = [];
    // Renders four fields per iteration, two with a per-call `vars`; fails its first iteration.
    const rendering: JobHandler = {
      type: 'rendering',
      run: async (ctx) => {
        const r = ctx.renderer;
        seen.push([
          await r.render('{{ job.payload }}', 'payload'),
          (await r.renderJson({ i: '{{ globals.lava.iteration }}' }, 'parameters')).i,
          await r.render('{{ vars.day }}-{{ start.year }}', 'args[0]', { vars: { day: 'mon' } }),
          await r.render('{{ vars is defined }}', 'args[1]'),
        ]);
        if (seen.length === 1) throw new JobFailedError('X', 'once more', { exit_status: 1 });
        return { exit_status: 0 };
      },
    };
    const s = setup({
      templates: new JinjaTemplateEngine('UTC', {}, Date.now, counting),
      handlers: [rendering],
    });
    const j = job({
      type: 'rendering',
      payload: 'p',
      iteration_limit: 2,
      enabled: '{{ state is defined }}',
      event_log: { at: '{{ ustart.year }}' },
    });
    expect((await run(s, j)).status).toBe('complete');
    expect(s.events.find((e) => e.status === 'logging')?.info).toEqual({ at: '2026' });
    expect(seen).toEqual([
      ['p', '1', 'mon-2026', 'False'],
      ['p', '2', 'mon-2026', 'False'],
    ]);
    // event_log + enabled, then iteration 1 and iteration 2: not one build per render (10 renders).
    expect(builds).toBe(3);
  });
});
