import { TemplateRenderError } from './errors';
import { createRenderer, plainTextRendering } from './renderer';
import { jobContext, render } from './testing/fixtures';

describe('engine semantics', () => {
  const ctx = {
    ...jobContext(),
    html: '<b>&</b>',
    tpl: '{{ 1 + 1 }}',
    items: ['a', 'b'],
    nested: [0, { x: 'b' }],
  };
  it.each([
    ['autoescape off', '{{ html }}', '<b>&</b>'],
    ['undefined name is empty', '[{{ nope }}]', '[]'],
    ['missing attribute is empty', '[{{ globals.nope }}]', '[]'],
    ['missing item is empty', "[{{ state['nope'] }}]", '[]'],
    ['attribute of none is empty', '[{{ none.x }}]', '[]'],
    ['state by item', "{{ state['my-id'] }} {{ state.counter.n }}", 'hello 0'],
    ['trailing newline removed', 'a\n', 'a'],
    ['only one trailing newline removed', 'a\n\n', 'a\n'],
    ['CRLF normalised', 'a\r\nb', 'a\nb'],
    ['one pass only', '{{ tpl }}', '{{ 1 + 1 }}'],
    ['comments', 'a{# hidden #}b', 'ab'],
    ['whitespace control', 'a {%- if true -%} b {%- endif -%} c', 'abc'],
    [
      'python literals',
      '{{ True }} {{ False }} {{ None }} {{ true }} {{ none }}',
      'True False None True None',
    ],
    ['integer division, power', '{{ 7 // 2 }} {{ 2 ** 10 }}', '3 1024'],
    ['python modulo', '{{ -7 % 3 }} {{ 7 % -3 }}', '2 -2'],
    ['concat', "{{ 'a' ~ 1 ~ none }}", 'a1None'],
    ['boolean output', '{{ 1 == 1 }} {{ 1 > 2 }}', 'True False'],
    [
      'containers print as Python',
      "{{ items }} {{ {'k': [1, none, true]} }}",
      "['a', 'b'] {'k': [1, None, True]}",
    ],
    ['empty list is falsy', '{{ [] or "empty" }} {{ "x" and "y" }} {{ 0 or none }}', 'empty y None'],
    ['not', '{{ not [] }} {{ not items }}', 'True False'],
    ['inline if without else', '[{{ "x" if [] }}]', '[]'],
    [
      'for/else, loop vars',
      '{% for i in items %}{{ loop.index }}{{ i }}{% if not loop.last %},{% endif %}{% else %}none{% endfor %}',
      '1a,2b',
    ],
    ['for over empty', '{% for i in [] %}x{% else %}none{% endfor %}', 'none'],
    ['set', "{% set x = 'v' %}{{ x }}", 'v'],
    ['set block', '{% set x %}in{{ 1 }}{% endset %}{{ x }}', 'in1'],
    ['macro', '{% macro m(a, b=2) %}{{ a }}{{ b }}{% endmacro %}{{ m(1) }}{{ m(1, b=3) }}', '1213'],
    ['dict()', '{{ dict(a=1).a }}', '1'],
    ['range', '{{ range(3) | list }}', '[0, 1, 2]'],
    ['job and realm', '{{ job.job_id }}@{{ job.realm }} {{ realm.realm }}', 'etl/sales-load@acme acme'],
    ['attribute-style index', '{{ items.0 }}{{ nested.1.x }}', 'ab'],
    ['globals alias', '{{ globals.lava.iteration }} {{ job.globals.lava.iteration }}', '1 1'],
  ])('%s', (_name, template, expected) => {
    expect(render(template, ctx)).toBe(expected);
  });

  it('keeps the trailing newline when asked', () => {
    expect(createRenderer().render('a\n', {}, { field: 'f' }, { keepTrailingNewline: true })).toBe('a\n');
  });

  it.each([
    ['attribute of an undefined attribute', '{{ globals.nope.x }}', /UndefinedError: attribute or item 'x'/],
    ['attribute of an undefined name', '{{ nope.x }}', /UndefinedError/],
    ['call of undefined', '{{ nope() }}', /'nope' is undefined/],
    ['prototype escape', '{{ utils.constructor.constructor("return process")() }}', /undefined/],
  ])('raises for %s', (_name, template, error) => {
    expect(() => render(template)).toThrow(error);
  });

  it('hides JS internals', () => {
    expect(
      render("[{{ ''.constructor }}{{ job.__proto__ }}{{ items.length }}]", { job: {}, items: [1] }),
    ).toBe('[]');
  });
});

describe('render errors', () => {
  const r = createRenderer();

  function failure(template: string, ctx: Record<string, unknown> = {}): TemplateRenderError {
    try {
      r.render(template, ctx, { field: 'on_success[0].message' });
    } catch (e) {
      if (e instanceof TemplateRenderError) return e;
      throw e;
    }
    throw new Error('expected a render error');
  }

  it('names the field, the template and the cause with line and column (syntax error)', () => {
    const e = failure('line one\n{{ foo( }}');
    expect(e.code).toBe('TEMPLATE_RENDER_FAILED');
    expect(e.field).toBe('on_success[0].message');
    expect(e.line).toBe(2);
    expect(e.message).toMatch(
      /^Cannot render on_success\[0\]\.message: unexpected token: \}\} \(line 2, column \d+\) in template "line one\\n\{\{ foo\( \}\}"$/,
    );
  });

  it('refuses a non-string template', () => {
    expect(() => r.render(42 as unknown as string, {}, { field: 'enabled' })).toThrow(
      /Cannot render enabled: template must be a string, not number/,
    );
  });

  it('reports runtime errors from the compatibility layer', () => {
    const e = failure("{{ 'a'.index('z') }}");
    expect(e.reason).toBe('ValueError: substring not found');
    expect(e.line).toBe(1);
  });

  it('truncates long templates and never includes context values', () => {
    const e = failure(`${'x'.repeat(500)}{{ secret.nope.x }}`, { secret: { value: 'hunter2' } });
    expect(e.template.length).toBeLessThanOrEqual(201);
    expect(e.message).not.toContain('hunter2');
  });

  it('fails on a double quote escaped by the JSON round trip (text mode), as Jinja does', () => {
    const e = failure('{{ start.strftime(\\"%Y\\") }}', jobContext());
    expect(e.field).toBe('on_success[0].message');
  });
});

describe('job framework delimiters', () => {
  it('renders <{ }>, <% %>, <# #> and leaves run-time {{ }} alone', () => {
    const r = createRenderer({ syntax: 'framework' });
    const t = "<# build time #><% if env == 'prod' %>prod<% endif %>-<{ env }>-{{ start.strftime('%Y') }}";
    expect(r.render(t, { env: 'prod' }, { field: 'spec' })).toBe("prod-prod-{{ start.strftime('%Y') }}");
  });
});

describe('strict undefined mode (opt-in improvement)', () => {
  it('raises when an undefined value is printed, but still allows tests and defaults', () => {
    const r = createRenderer({ undefinedMode: 'strict' });
    expect(() => r.render('{{ nope }}', {}, { field: 'f' })).toThrow(TemplateRenderError);
    expect(r.render("{{ nope is defined }} {{ nope | default('d') }}", {}, { field: 'f' })).toBe('False d');
  });
});

describe('compiled template cache', () => {
  it('compiles each distinct template once and evicts least recently used', () => {
    const r = createRenderer({ cacheSize: 2 });
    const f = { field: 'f' };
    r.render('{{ a }}', { a: 1 }, f);
    r.render('{{ a }}', { a: 2 }, f);
    expect(r.cacheStats()).toEqual({ size: 1, hits: 1, misses: 1 });
    r.render('{{ b }}', {}, f);
    r.render('{{ c }}', {}, f);
    expect(r.cacheStats().size).toBe(2);
    r.render('{{ a }}', { a: 3 }, f);
    expect(r.cacheStats().misses).toBe(4);
  });

  it('does not compile text without template syntax', () => {
    const r = createRenderer();
    expect(r.render('plain text', {}, { field: 'f' })).toBe('plain text');
    expect(r.cacheStats()).toEqual({ size: 0, hits: 0, misses: 0 });
  });

  it('renders a cached small template cheaply', () => {
    const r = createRenderer();
    const ctx = jobContext();
    const t = "{{ job.job_id }}/{{ start.strftime('%Y-%m-%d') }}/{{ globals.lava.iteration }}";
    r.render(t, ctx, { field: 'f' });
    const n = 2000;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) r.render(t, ctx, { field: 'f' });
    const perRenderUs = Number(process.hrtime.bigint() - t0) / 1000 / n;
    // Generous bound for slow CI machines; typical is a few tens of microseconds.
    expect(perRenderUs).toBeLessThan(500);
  });
});

describe('plainTextRendering', () => {
  const r = createRenderer();
  const framework = createRenderer({ syntax: 'framework' });

  it.each(['true', '', 'a { b } c', 'x\n', 'x\n\n', 'a\r\nb\rc\n', '50% off', 'json {"a": 1}', 'a #} b'])(
    'gives what the renderer gives for plain %j',
    (template) => {
      expect(plainTextRendering(template)).toBe(r.render(template, {}, { field: 'f' }));
      expect(plainTextRendering(template, 'jinja', true)).toBe(
        r.render(template, {}, { field: 'f' }, { keepTrailingNewline: true }),
      );
    },
  );

  it.each(['{{ x }}', 'a {% if 1 %}b{% endif %}', '{# note #}', 'x\r\n{{ y }}'])(
    'leaves %j, which has markup, to the renderer',
    (template) => expect(plainTextRendering(template)).toBeUndefined(),
  );

  it('follows the syntax: jinja markup is plain text under the framework delimiters, and back', () => {
    expect(plainTextRendering('{{ x }}', 'framework')).toBe(framework.render('{{ x }}', {}, { field: 'f' }));
    expect(plainTextRendering('<{ x }>', 'framework')).toBeUndefined();
    expect(plainTextRendering('<{ x }>')).toBe('<{ x }>');
  });

  it('leaves a value that is not a string to the renderer, which refuses it', () => {
    expect(plainTextRendering(42)).toBeUndefined();
  });
});
