/**
 * Templates are data from job specs: they must not reach the host. Each attempt either
 * renders nothing useful or fails with a TemplateRenderError, and none has a side effect.
 */
import { TemplateRenderError } from './errors';
import { jobContext, render } from './testing/fixtures';

const ESCAPES = [
  '{{ process }}',
  '{{ require }}',
  "{{ require('fs') }}",
  '{{ global }}',
  '{{ globalThis }}',
  '{{ this }}',
  "{{ ''.constructor }}",
  "{{ ''.constructor.constructor('process.env.LAVA_SANDBOX_HIT = 1')() }}",
  "{{ utils.constructor.constructor('process.env.LAVA_SANDBOX_HIT = 1')() }}",
  "{{ utils.datetime.now.constructor('process.env.LAVA_SANDBOX_HIT = 1')() }}",
  "{{ range.constructor('process.env.LAVA_SANDBOX_HIT = 1')() }}",
  "{{ namespace.constructor('process.env.LAVA_SANDBOX_HIT = 1')() }}",
  "{% for x in [1] %}{{ loop.constructor.constructor('process.env.LAVA_SANDBOX_HIT = 1')() }}{% endfor %}",
  "{{ [].map.constructor('process.env.LAVA_SANDBOX_HIT = 1')() }}",
  "{{ {}.toString.constructor('process.env.LAVA_SANDBOX_HIT = 1')() }}",
  "{{ start.strftime.constructor('process.env.LAVA_SANDBOX_HIT = 1')() }}",
  "{{ (1).constructor.constructor('process.env.LAVA_SANDBOX_HIT = 1')() }}",
  "{{ utils['constructor']['constructor']('process.env.LAVA_SANDBOX_HIT = 1')() }}",
  '{{ utils.__proto__ }}',
  '{{ [].__proto__ }}',
  "{{ ''.__class__.__mro__ }}",
  '{{ utils.path.__proto__.constructor }}',
  "{% set ns = namespace() %}{% set ns.__proto__ = {'polluted': 1} %}{{ ns.polluted }}",
  "{% set d = {'__proto__': {'polluted': 1}} %}{{ d.polluted }}",
  "{% include '/etc/passwd' %}",
  "{% import '/etc/passwd' as p %}",
  "{% extends '/etc/hostname' %}",
  "{% from '/etc/passwd' import x %}",
  "{{ utils.path.join('/etc', 'passwd') | attr('read') }}",
];

describe('sandbox: templates cannot reach the host', () => {
  afterAll(() => {
    delete process.env.LAVA_SANDBOX_HIT;
  });

  it.each(ESCAPES)('%s', (template) => {
    let out = '';
    try {
      out = render(template, jobContext());
    } catch (err) {
      expect(err).toBeInstanceOf(TemplateRenderError);
    }
    expect(out.trim()).toBe('');
    expect(process.env.LAVA_SANDBOX_HIT).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
