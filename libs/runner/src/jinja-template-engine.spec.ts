import { TemplateBudgetError, TemplateRenderError } from '@lava/templating';
import { JinjaTemplateEngine, jobRenderBudget } from './jinja-template-engine';

const NEVER_ENDS = '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}';

function failure(fn: () => unknown): TemplateRenderError {
  try {
    fn();
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
  it('charges every render of a run to one budget, and each run has its own', () => {
    let now = 0;
    const engine = new JinjaTemplateEngine(
      'UTC',
      { limits: { timeoutMs: 100 }, hints: { time: 'raise T' } },
      () => now,
    );
    const job = { job_id: 'j', parameters: {} };
    // Each render of this run "takes" 60 ms on the engine's clock (the template advances it).
    const ctx = { job, realm: {}, advance: () => ((now += 60), '') };
    const slow = (field: string) => engine.render('{{ advance() }}1', ctx, field);
    expect(slow('a')).toBe('1');
    expect(slow('b')).toBe('1');
    // 120 ms spent: the run's budget is gone, so a loop stops at once.
    const err = failure(() => engine.render(NEVER_ENDS, ctx, 'c'));
    expect(err.cause).toBeInstanceOf(TemplateBudgetError);
    expect(err.message).toContain('(budget 0 ms); raise T');
    // Another run starts afresh (a real clock-bound render: only a loop-free template here).
    expect(engine.render('{{ 2 }}', { job: { job_id: 'k', parameters: {} }, realm: {} }, 'a')).toBe('2');
  });

  it("stops a render at the job's own shorter timeout", () => {
    const engine = new JinjaTemplateEngine('UTC', { limits: { timeoutMs: 60_000 } });
    const job = { job_id: 'j', parameters: { timeout: '0.05s' } };
    const err = failure(() => engine.render(NEVER_ENDS, { job, realm: {} }, 'payload[1]'));
    expect(err.message).toMatch(/budget 50 ms\); the job's timeout \(0\.05s\) is shorter/);
  });
});
