import { TemplateRenderError } from './errors';
import type { JsonRenderOptions } from './json-round-trip';
import { jobContext, renderer, triggerContext } from './testing/fixtures';

const MODES: JsonRenderOptions['mode'][] = ['leaves', 'text'];

function rj(value: unknown, ctx = jobContext(), opts: JsonRenderOptions = {}): unknown {
  return renderer().renderJsonRoundTrip(value, ctx, { field: 'parameters' }, opts);
}

describe.each(MODES)('JSON round-trip rendering, mode %s', (mode) => {
  const action = jobContext({ result: { exit_status: 0, error: 'boom' } });
  it.each([
    ['placeholders become strings (example)', { a: '{{ 1+1 }}' }, { a: '2' }],
    [
      'untouched values keep their type',
      { n: 5, f: 1.5, b: true, z: null, s: 'x', l: [1, 'a'] },
      { n: 5, f: 1.5, b: true, z: null, s: 'x', l: [1, 'a'] },
    ],
    ['keys are rendered', { '{{ job.job_id }}': 1 }, { 'etl/sales-load': 1 }],
    ['nested structures', { a: [{ b: '{{ globals.lava.iteration }}' }] }, { a: [{ b: '1' }] }],
    ['state value', { at: '{{ ustart.isoformat() }}' }, { at: '2024-05-01T03:00:09+00:00' }],
    ['dispatch parameters', { day: "{{ start.strftime('%Y-%m-%d') }}" }, { day: '2024-05-01' }],
    [
      'sns message',
      { run: '{{ job.run_id }}', error: '{{ result.error }}' },
      { run: '5f0e3c5e-1d2b-4a8e-9f3c-2b7f1c0d9e44', error: 'boom' },
    ],
    [
      'event_log',
      { day: '{{ job.parameters.vars.day }}', iteration: 1, flag: true },
      { day: '2024-05-01', iteration: 1, flag: true },
    ],
    ['a trailing newline inside a value is kept', { s: 'x {{ 1 }}\n' }, { s: 'x 1\n' }],
    ['escaped characters survive', { s: 'tab\there "q" {{ 1 }}' }, { s: 'tab\there "q" 1' }],
    [
      'dates serialise as Python isoformat',
      { t: new Date('2024-05-01T03:00:09Z') },
      { t: '2024-05-01T03:00:09+00:00' },
    ],
    ['a bare string', '{{ job.worker }}', 'core'],
    ['a number', 42, 42],
  ])('%s', (_name, value, expected) => {
    expect(rj(value, action, { mode })).toEqual(expected);
  });

  it('trigger globals and parameters', () => {
    const ctx = triggerContext();
    expect(rj({ src: 's3://{{ bucket }}/{{ key }}' }, ctx, { mode })).toEqual({
      src: 's3://acme-landing/sales/daily/2024-05-01/part+1.csv.gz',
    });
    expect(
      rj({ vars: { day: '{{ utils.path.basename(utils.path.dirname(key)) }}' } }, ctx, { mode }),
    ).toEqual({ vars: { day: '2024-05-01' } });
    expect(
      rj({ size: '{{ info.size }}', at: "{{ info.event_time.strftime('%H:%M') }}" }, ctx, { mode }),
    ).toEqual({ size: '5000', at: '03:00' });
  });
});

describe('leaves mode improvements (default)', () => {
  const ctx = { ...jobContext(), multi: 'l1\nl2', win: 'C:\\data', quoted: 'say "hi"' };
  it.each([
    ['rendered newline', { m: '{{ multi }}' }, { m: 'l1\nl2' }],
    ['rendered backslash', { w: '{{ win }}' }, { w: 'C:\\data' }],
    ['rendered double quote', { q: '{{ quoted }}' }, { q: 'say "hi"' }],
    ['double quotes in a template', { y: '{{ start.strftime("%Y") }}' }, { y: '2024' }],
  ])('%s works where the original failed', (_name, value, expected) => {
    expect(rj(value, ctx)).toEqual(expected);
    expect(() => rj(value, ctx, { mode: 'text' })).toThrow(TemplateRenderError);
  });

  it('names the failing leaf in errors', () => {
    expect(() => rj({ vars: { day: '{{ nope.x }}' } })).toThrow(/Cannot render parameters\.vars\.day:/);
  });

  it('text mode reports invalid JSON with the field', () => {
    expect(() => rj({ m: '{{ multi }}' }, ctx, { mode: 'text' })).toThrow(
      /Cannot render parameters: rendered text is not valid JSON/,
    );
  });

  it('text mode: a rendered value can corrupt escapes (original behaviour kept)', () => {
    expect(rj({ w: '{{ win }}' }, { win: 'C:\\tmp' }, { mode: 'text' })).toEqual({ w: 'C:\tmp' });
  });
});

describe('typed results (opt-in)', () => {
  const ctx = triggerContext();
  it.each([
    ['number', { n: '{{ info.size | tojson }}' }, { n: 5000 }],
    ['list', { l: '{{ [1, "a"] | tojson }}' }, { l: [1, 'a'] }],
    ['map', { m: "{{ {'k': info.size} | tojson }}" }, { m: { k: 5000 } }],
    ['other leaves stay strings', { s: '{{ info.size }}' }, { s: '5000' }],
  ])('%s', (_name, value, expected) => {
    expect(rj(value, ctx, { typed: true })).toEqual(expected);
  });

  it('is off by default', () => {
    expect(rj({ n: '{{ info.size | tojson }}' }, ctx)).toEqual({ n: '5000' });
  });
});
