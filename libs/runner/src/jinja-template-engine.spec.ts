import { TemplateBudgetError, TemplateRenderError } from '@lava/templating';
import { buildJobBaseContext, buildJobContext, createRenderer } from '@lava/templating';
import { JinjaTemplateEngine, jobRenderBudget, type JobBaseBuilder } from './jinja-template-engine';

const NEVER_ENDS = '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}';

async function failure(fn: () => Promise<unknown>): Promise<TemplateRenderError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof TemplateRenderError) return err;
    throw err;
  }
  throw new Error('expected a TemplateRenderError');
}

describe('jobRenderBudget', () => {
  it('gives what is left of the run budget, with the worker hints', () => {
    expect(jobRenderBudget({ parameters: {} }, 700, { time: 'raise it' })).toEqual({
      limits: { timeoutMs: 700 },
      hints: { time: 'raise it' },
    });
  });

  it("cuts the budget to the job's shorter timeout and says so", () => {
    expect(jobRenderBudget({ parameters: { timeout: '0.5s' } }, 1000)).toEqual({
      limits: { timeoutMs: 500 },
      hints: { time: "the job's timeout (0.5s) is shorter than the worker's render budget" },
    });
    expect(jobRenderBudget({ parameters: { timeout: '5m' } }, 1000).limits).toEqual({ timeoutMs: 1000 });
  });

  it('ignores a malformed timeout (the handler reports it) and never goes below zero', () => {
    expect(jobRenderBudget({ parameters: { timeout: 'soon' } }, 1000).limits).toEqual({ timeoutMs: 1000 });
    expect(jobRenderBudget(undefined, -5).limits).toEqual({ timeoutMs: 0 });
  });
});

describe('JinjaTemplateEngine render budget', () => {
  it('charges every render of a run to one budget, and each run has its own', async () => {
    let now = 0;
    const engine = new JinjaTemplateEngine(
      'UTC',
      { limits: { timeoutMs: 100 }, hints: { time: 'raise T' } },
      () => now,
    );
    const job = { job_id: 'j', parameters: {} };
    // Each render of this run "takes" 60 ms on the engine's clock (the template advances it).
    const ctx = { job, realm: {}, advance: () => ((now += 60), '') };
    const slow = (field: string) => engine.bind(ctx).render('{{ advance() }}1', field);
    expect(await slow('a')).toBe('1');
    expect(await slow('b')).toBe('1');
    // 120 ms spent: the run's budget is gone, so a loop stops at once.
    const err = await failure(() => engine.bind(ctx).render(NEVER_ENDS, 'c'));
    expect(err.cause).toBeInstanceOf(TemplateBudgetError);
    expect(err.message).toContain('(budget 0 ms); raise T');
    // Another run starts afresh (a real clock-bound render: only a loop-free template here).
    expect(
      await engine.bind({ job: { job_id: 'k', parameters: {} }, realm: {} }).render('{{ 2 }}', 'a'),
    ).toBe('2');
  });

  it("stops a render at the job's own shorter timeout", async () => {
    const engine = new JinjaTemplateEngine('UTC', { limits: { timeoutMs: 60_000 } });
    const job = { job_id: 'j', parameters: { timeout: '0.05s' } };
    const err = await failure(() => engine.bind({ job, realm: {} }).render(NEVER_ENDS, 'payload[1]'));
    expect(err.message).toMatch(/budget 50 ms\); the job's timeout \(0\.05s\) is shorter/);
  });
});

describe('JinjaTemplateEngine.bind', () => {
  const start = new Date('2026-03-01T10:00:00Z');
  const job = { job_id: 'j', realm: 'acme', parameters: {}, globals: { lava: { iteration: 1 } }, state: {} };
  const context = {
    job,
    realm: { realm: 'acme', s3_temp: 's3://t' },
    globals: job.globals,
    state: job.state,
    start,
  };

  function counted() {
    const calls = { builds: 0 };
    const builder: JobBaseBuilder = (input) => {
      calls.builds += 1;
      return buildJobBaseContext(input);
    };
    return { calls, engine: new JinjaTemplateEngine('UTC', {}, Date.now, builder) };
  }

  it('builds the base once for all renders of a scope; a per-call extra is seen by its render only', async () => {
    const { calls, engine } = counted();
    const r = engine.bind(context);
    expect(calls.builds).toBe(0);
    expect(
      await r.render('{{ vars.x }} {{ schema }} {{ start.isoformat() }}', 'a', {
        vars: { x: 1 },
        schema: 's',
      }),
    ).toBe('1 s 2026-03-01T10:00:00+00:00');
    expect(await r.render('{{ vars is defined }} {{ schema is defined }}', 'b')).toBe('False False');
    expect(await r.renderJson({ v: '{{ vars.x }}' }, 'c', { vars: { x: 2 } })).toEqual({ v: '2' });
    expect(calls.builds).toBe(1);
    // A new scope (the next iteration) builds its own.
    await engine.bind(context).render('{{ 1 }}', 'd');
    expect(calls.builds).toBe(2);
  });

  it('renders as a context built afresh for each call would, extras over the run values included', async () => {
    const { engine } = counted();
    const r = engine.bind(context);
    const fresh = (t: string, extra: Record<string, unknown> = {}) => {
      const { vars, realm, ...extras } = extra;
      return createRenderer().render(
        t,
        buildJobContext({ job, realm: (realm ?? context.realm) as object, start, vars, extras }),
        { field: 'f' },
      );
    };
    // CONN_APP_NAME renders with the realm *name* as `realm`; `utils` stays the run's own.
    const appName = [
      'lv-{{ realm }}-{{ job_id }}-{{ utils is defined }}',
      { realm: 'acme', job_id: 'j', utils: 1 },
    ] as const;
    expect(await r.render(appName[0], 'CONN_APP_NAME', appName[1])).toBe(fresh(appName[0], appName[1]));
    expect(await r.render('{{ realm.s3_temp }}', 'f')).toBe('s3://t');
    // A template that changes its context changes its own render only.
    const update =
      "{% set _ = globals.lava.update({'iteration': 9}) %}{% set _ = job.update({'x': 1}) %}{{ globals.lava.iteration }}";
    expect(await r.render(update, 'f')).toBe('9');
    expect(
      await r.render(
        '{{ globals.lava.iteration }} {{ job.globals.lava.iteration }} {{ job.x is defined }}',
        'f',
      ),
    ).toBe('1 1 False');
    expect(job.globals.lava.iteration).toBe(1);
  });
});
