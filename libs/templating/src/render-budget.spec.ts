/**
 * Hostile templates stop at the render budget with a precise failure, and the renderer
 * stays usable afterwards. Time limits are small (the templates never end on their own);
 * nothing here asserts how long anything took.
 */
import { TemplateBudgetError, TemplateRenderError } from './errors';
import { MAX_SEQUENCE_ITEMS, RenderMeter } from './render-budget';
import { createRenderer } from './renderer';

const NEVER_ENDS = '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}';
const MACRO_BOMB =
  '{% macro f(n) %}{% if n > 0 %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(60) }}';
const DOUBLING =
  "{% set ns = namespace(x='ab') %}{% for i in range(60) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x }}";

function failure(fn: () => unknown): TemplateRenderError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TemplateRenderError) return err;
    throw err;
  }
  throw new Error('expected a TemplateRenderError');
}

const limitOf = (err: TemplateRenderError) => (err.cause as TemplateBudgetError).limit;

describe('render budget', () => {
  const renderer = createRenderer({
    limits: { timeoutMs: 50, maxOutputChars: 1000 },
    budgetHints: { time: 'raise RENDER_MS', output: 'raise RENDER_CHARS' },
  });
  const render = (t: string) => renderer.render(t, {}, { field: 'parameters.args.0' });

  it.each([
    ['nested loops', NEVER_ENDS],
    ['exponential macro recursion', MACRO_BOMB],
    [
      'a loop filter that never ends',
      '{% for i in range(100000) if range(100000)|select|list %}{% endfor %}',
    ],
  ])('stops %s at the time budget, naming the field, the limit and the hint', (_name, template) => {
    const err = failure(() => render(template));
    expect(err.cause).toBeInstanceOf(TemplateBudgetError);
    expect(limitOf(err)).toBe('time');
    expect(err.field).toBe('parameters.args.0');
    expect(err.message).toMatch(
      /^Cannot render parameters\.args\.0: render time budget exceeded: stopped after [\d,]+ ms \(budget 50 ms\); raise RENDER_MS/,
    );
  });

  it.each([
    ['exponential concatenation', DOUBLING],
    ['string repetition', "{{ 'a' * 10**9 }}"],
    ['output accumulated by a loop', '{% for i in range(2000) %}xx{% endfor %}'],
    ['a method padding a string', "{{ 'a'.ljust(5000) }}"],
    ['a filter padding a string', "{{ 'a' | center(5000) }}"],
    ['printf formatting', "{{ '%5000s' % 'a' }}"],
    ['addition of strings', "{% set x = 'a' * 600 %}{{ (x + x) | length }}"],
  ])('refuses %s over the size budget', (_name, template) => {
    const err = failure(() => render(template));
    expect(limitOf(err)).toBe('output');
    expect(err.message).toContain('render size budget exceeded: a string of');
    expect(err.message).toContain('(budget 1,000); raise RENDER_CHARS');
  });

  it.each([
    ['range()', '{{ range(10**9) | length }}'],
    ['list repetition', '{{ ([1, 2] * 10**8) | length }}'],
    ['list concatenation', '{% set l = range(60000) | list %}{{ (l + l) | length }}'],
  ])('refuses %s over the list limit', (_name, template) => {
    const err = failure(() => render(template));
    expect(limitOf(err)).toBe('items');
    expect(err.message).toContain(`(limit ${MAX_SEQUENCE_ITEMS.toLocaleString('en-US')})`);
  });

  it('renders ordinary templates unchanged, including after a failure', () => {
    failure(() => render(NEVER_ENDS));
    expect(render("{% for i in range(3) %}{{ i ~ '-' }}{% endfor %}{{ 'x' * 3 }}")).toBe('0-1-2-xxx');
    expect(renderer.render('{{ range(n) | length }}', { n: MAX_SEQUENCE_ITEMS }, { field: 'f' })).toBe(
      String(MAX_SEQUENCE_ITEMS),
    );
  });

  it('takes per-call limits and hints over the renderer’s', () => {
    const err = failure(() =>
      renderer.render(
        "{{ 'a' * 20 }}",
        {},
        { field: 'f' },
        {},
        { limits: { maxOutputChars: 10 }, hints: { output: 'per call' } },
      ),
    );
    expect(err.message).toContain('a string of 20 characters (budget 10); per call');
  });

  it('shares one budget across the fields of a JSON round trip', () => {
    const big = "{{ 'a' * 600 }}";
    // Each field alone fits; the budget is per field for sizes, per round trip for time.
    expect(
      renderer.renderJsonRoundTrip<Record<string, string>>({ a: big, b: big }, {}, { field: 'p' }).a,
    ).toHaveLength(600);
    const err = failure(() =>
      renderer.renderJsonRoundTrip({ ok: '{{ 1 }}', bad: NEVER_ENDS }, {}, { field: 'p' }),
    );
    expect(limitOf(err)).toBe('time');
    expect(err.field).toBe('p.bad');
  });

  it('has defaults that let an unlimited renderer run ordinary work', () => {
    expect(
      createRenderer().render('{% for i in range(1000) %}{% endfor %}{{ "a" * 10 }}', {}, { field: 'f' }),
    ).toBe('aaaaaaaaaa');
  });
});

describe('RenderMeter', () => {
  it('reads the clock every 16 ticks and throws once past the deadline', () => {
    let now = 1000;
    const meter = new RenderMeter({ timeoutMs: 100, maxOutputChars: 10 }, () => now);
    now = 1101;
    for (let i = 1; i < 16; i++) meter.tick();
    expect(() => meter.tick()).toThrow(TemplateBudgetError);
  });

  it('checks sizes of strings and lists it is given', () => {
    const meter = new RenderMeter({ timeoutMs: 100, maxOutputChars: 3 });
    expect(meter.sized('abc')).toBe('abc');
    expect(() => meter.sized('abcd')).toThrow('a string of 4 characters (budget 3)');
    expect(() => meter.items(MAX_SEQUENCE_ITEMS + 1)).toThrow('a list of');
    expect(meter.sized(42)).toBe(42);
  });
});
