import {
  buildConnAppNameContext,
  buildJobContext,
  buildStateOutputContext,
  buildTriggerContext,
  toPyDatetime,
} from './context';
import { evaluateEnabled } from './enabled';
import { TemplateContextError } from './errors';
import { PyDatetime } from './py/datetime';
import { START, fixedUtils, jobContext, render, renderer, triggerContext } from './testing/fixtures';

describe('buildJobContext', () => {
  it('exposes job, realm, globals, state, start, ustart and utils', () => {
    const ctx = jobContext();
    expect(Object.keys(ctx).sort()).toEqual(['globals', 'job', 'realm', 'start', 'state', 'ustart', 'utils']);
    expect(ctx.globals).toBe((ctx.job as { globals: unknown }).globals);
    expect(ctx.state).toBe((ctx.job as { state: unknown }).state);
  });

  it('truncates start to whole seconds, local and UTC', () => {
    const ctx = buildJobContext({
      job: {},
      realm: {},
      start: new Date('2024-05-01T03:00:09.987Z'),
      tz: 'Australia/Sydney',
    });
    expect(render('{{ start.isoformat() }} {{ ustart.isoformat() }} {{ job.ts_start == start }}', ctx)).toBe(
      '2024-05-01T13:00:09+10:00 2024-05-01T03:00:09+00:00 True',
    );
  });

  it('defaults to UTC and accepts explicit globals and state', () => {
    const ctx = buildJobContext({
      job: { globals: { a: 1 } },
      realm: {},
      start: START,
      globals: { a: 2 },
      state: { s: 3 },
    });
    expect(render('{{ start.strftime("%Z") }} {{ globals.a }} {{ job.globals.a }} {{ state.s }}', ctx)).toBe(
      'UTC 2 2 3',
    );
  });

  it('parses globals.lava timestamps sent as ISO strings and leaves other values alone', () => {
    const ctx = buildJobContext({
      job: {
        globals: {
          lava: { parent_start: '2024-05-01T13:00:09+10:00', parent_job_id: 'p', master_start: new Date(0) },
          when: '2024-01-01',
        },
      },
      realm: {},
      start: START,
    });
    expect(
      render(
        "{{ globals.lava.parent_start.strftime('%z') }} {{ globals.lava.parent_job_id }} {{ globals.lava.master_start.year }} {{ globals.when }}",
        ctx,
      ),
    ).toBe('+1000 p 1970 2024-01-01');
  });

  it('does not mutate the caller’s job or globals', () => {
    const job = { globals: { lava: { parent_start: '2024-05-01T13:00:09+10:00' } } };
    buildJobContext({ job, realm: {}, start: START });
    expect(job.globals.lava.parent_start).toBe('2024-05-01T13:00:09+10:00');
  });

  it('adds result for actions and vars for process jobs', () => {
    const ctx = jobContext({ result: { error: 'bad', error_data: { exit_status: 2 } }, vars: { x: 1 } });
    expect(render('{{ result.error }} {{ result.error_data.exit_status }} {{ vars.x }}', ctx)).toBe(
      'bad 2 1',
    );
  });

  it('accepts typed records without index signatures', () => {
    interface JobSpec {
      job_id: string;
      worker: string;
    }
    const job: JobSpec = { job_id: 'typed', worker: 'core' };
    expect(render('{{ job.job_id }}', buildJobContext({ job, realm: { realm: 'acme' }, start: START }))).toBe(
      'typed',
    );
  });

  it('refuses a non-map vars', () => {
    expect(() => jobContext({ vars: ['a'] })).toThrow(TemplateContextError);
  });

  it('renders the documented example action set', () => {
    const ctx = jobContext({ result: { error: 'exit 3' } });
    const r = renderer();
    expect(r.render('last-ok/{{ job.job_id }}', ctx, { field: 'state_id' })).toBe('last-ok/etl/sales-load');
    expect(
      r.render('attempt {{ globals.lava.iteration }} failed: {{ result.error }}', ctx, { field: 'message' }),
    ).toBe('attempt 1 failed: exit 3');
    expect(r.render('FAILED {{ job.job_id }}', ctx, { field: 'subject' })).toBe('FAILED etl/sales-load');
  });
});

describe('buildTriggerContext', () => {
  it('has bucket, key, info, event and utils only', () => {
    expect(Object.keys(triggerContext()).sort()).toEqual(['bucket', 'event', 'info', 'key', 'utils']);
  });

  it.each([
    ['bucket/key', 's3://{{ bucket }}/{{ key }}', 's3://acme-landing/sales/daily/2024-05-01/part+1.csv.gz'],
    [
      'info',
      '{{ info.size }} {{ info.event_type }} {{ info.source_ip }} {{ info.aws_region }}',
      '5000 ObjectCreated:Put 203.0.113.9 ap-southeast-2',
    ],
    [
      'info.event_time is a datetime',
      '{{ info.event_time.isoformat() }}',
      '2024-05-01T03:00:05.120000+00:00',
    ],
    ['raw event', '{{ event.eventName }} {{ event.s3.bucket.name }}', 'ObjectCreated:Put acme-landing'],
    ['job id from key', "etl/{{ key.split('/')[0] }}-load", 'etl/sales-load'],
    ['no job context', '[{{ job }}{{ globals }}]', '[]'],
  ])('%s', (_name, template, expected) => {
    expect(render(template, triggerContext())).toBe(expected);
  });

  it('uses a default utils when none is given', () => {
    const ctx = buildTriggerContext({ bucket: 'b', key: 'k', info: {}, event: {} });
    expect(render("{{ utils.s3bucket('s3://x/y') }}", ctx)).toBe('x');
  });
});

describe('other contexts', () => {
  it('CONN_APP_NAME', () => {
    expect(
      render(
        'lv-{{ realm }}-{{ job_id }}-{{ conn_id }}',
        buildConnAppNameContext({ realm: 'acme', job_id: 'j', conn_id: 'c' }),
      ),
    ).toBe('lv-acme-j-c');
  });
  it('lava-state get output template', () => {
    expect(
      render(
        '{{ state.state_id }}={{ s.n }}',
        buildStateOutputContext({ state: { state_id: 'x' }, value: { n: 1 } }),
      ),
    ).toBe('x=1');
  });
  it('toPyDatetime converts Dates and ISO strings only', () => {
    expect(toPyDatetime(new Date(0))).toBeInstanceOf(PyDatetime);
    expect(toPyDatetime('2024-01-01T00:00:00Z')).toBeInstanceOf(PyDatetime);
    expect(toPyDatetime('not a date')).toBe('not a date');
    expect(toPyDatetime(5)).toBe(5);
  });
});

describe('evaluateEnabled', () => {
  const ctx = jobContext();
  const counter = (n: number) =>
    buildJobContext({ job: { state: { counter: { n } } }, realm: {}, start: START, utils: fixedUtils() });
  const example = "{% set n = state['counter'].n | int %}{{ n % 2 == 1 }}";

  it.each([
    ['missing', undefined, false, 'static'],
    ['false', false, false, 'static'],
    ['true', true, true, 'static'],
    ['string true', 'true', true, 'rendered'],
    ['string True with spaces', '  True \n', true, 'rendered'],
    ['yes', 'yes', false, 'rendered'],
    ['1', '1', false, 'rendered'],
    ['template true', '{{ job.worker == "core" }}', true, 'rendered'],
    ['template false', '{{ job.worker == "x" }}', false, 'rendered'],
    ['null runs (quirk)', null, true, 'static'],
    ['number runs (quirk)', 0, true, 'static'],
  ])('%s', (_name, enabled, run, kind) => {
    expect(evaluateEnabled(enabled, renderer(), ctx)).toMatchObject({ run, kind });
  });

  it('runs the reference example only on odd counters', () => {
    expect(evaluateEnabled(example, renderer(), counter(0))).toEqual({
      run: false,
      kind: 'rendered',
      rendered: 'False',
    });
    expect(evaluateEnabled(example, renderer(), counter(3))).toEqual({
      run: true,
      kind: 'rendered',
      rendered: 'True',
    });
  });

  it('can skip non-boolean values explicitly', () => {
    expect(evaluateEnabled(null, renderer(), ctx, { nonBoolean: 'skip' }).run).toBe(false);
  });
});
