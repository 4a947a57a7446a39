/**
 * The fixed values both sides of the differential test render with. Python builds its
 * context from this data the way the original does (`render_jinja.py`); this side uses the
 * library's own context builders, as the workers do.
 */
import { buildJobContext, toPyDatetime } from '../context';
import type { RenderContext } from '../renderer';
import { TRIGGER_EVENT } from '../testing/fixtures';
import { buildUtils } from '../utils';

/** The worker's local zone (the original reads the host zone; Python runs with `TZ` set to it). */
export const DIFF_TZ = 'Australia/Sydney';

export const DIFF_DATA = {
  start: '2024-05-01T03:00:09+00:00',
  now: '2024-05-01T03:00:09+00:00',
  uuid: '5f0e3c5e-1d2b-4a8e-9f3c-2b7f1c0d9e44',
  realm: {
    realm: 'acme',
    s3_payloads: 's3://acme-lava/payloads',
    s3_temp: 's3://acme-lava/tmp',
    tags: { env: 'prod', team: 'data' },
  },
  job: {
    job_id: 'etl/sales-load',
    run_id: '5f0e3c5e-1d2b-4a8e-9f3c-2b7f1c0d9e44',
    type: 'cmd',
    worker: 'core',
    realm: 'acme',
    owner: 'data-eng@example.com',
    description: 'Load daily sales',
    ts_dispatch: '2024-05-01T03:00:07+00:00',
    max_tries: 3,
    enabled: true,
    parameters: {
      vars: { day: '2024-05-01', mode: 'full' },
      timeout: '30m',
      file: 's3://acme-landing/sales/daily/part-0001.csv',
      args: ['--verbose', '--limit', '10'],
    },
    globals: {
      src: 's3://acme-landing/sales/daily/2024-05-01/part+1.csv.gz',
      a: 'Level',
      g1: 'value one',
      g2: 42,
      a_global: 'shared',
      bucket: 'acme-landing',
      key: 'sales/2024/05/01/data.csv',
      s3obj: { Bucket: 'acme-landing', Key: 'in/file.txt' },
      schema: 'sales',
      tables: ['orders', 'customers', 'items'],
      batch: 500,
      ratio: 0.25,
      flag: false,
      empty: '',
      nothing: null,
      lava: { iteration: 1 },
    },
    state: {
      sid: '2024-04-30T22:00:00+00:00',
      my_state_id: 'state value',
      counter: { n: 7, last: '2024-04-30' },
      'my-id': 'hello',
    },
  },
  extras: {
    vars: {
      x: 'v1',
      cmd: 'echo hello',
      level: 'info',
      realm: 'acme',
      wait_mins: 30,
      up_days: 7,
      n: 7,
      m: 3,
      big: 1234567,
      neg: -5,
      f: 2.5,
      g: 0.1,
      half: 0.5,
      pi: 3.14159,
      zero: 0,
      s: 'Hello, World',
      csv: 'a,b,,c',
      spaced: '  padded text  ',
      html: '<b>bold</b> &amp; "quoted"',
      multi: 'line one\nline two\nline three',
      table: 'sales',
      days: 3,
      files: ['a.csv', 'b.csv', 'c.txt'],
      nums: [3, 1, 4, 1, 5, 9, 2, 6],
      words: ['pear', 'Apple', 'fig', 'banana'],
      nested: [
        [1, 2],
        [3, 4],
      ],
      empty_list: [],
      empty_map: {},
      flag: true,
      none: null,
      map: { b: 2, a: 1, c: 3 },
      users: [
        { name: 'ann', dept: 'ops', age: 31, active: true },
        { name: 'bob', dept: 'dev', age: 25, active: false },
        { name: 'cat', dept: 'ops', age: 42, active: true },
        { name: 'dan', dept: 'dev', age: 25, active: true },
      ],
      config: { db: { host: 'db.internal', port: 5432 }, retries: 3, names: ['x', 'y'] },
    },
    result: { exit_status: 0, error: 'boom: failed', output: ['line1', 'line2'], duration: 12.5 },
    schema: 'sales',
    relation: 'orders',
    job_id: 'etl/sales-load',
    conn_id: 'redshift-main',
    ...TRIGGER_EVENT,
  },
};

/** The same context through the library's builders (a fixed clock and id). */
export function buildDiffContext(): RenderContext {
  const { info, ...extras } = DIFF_DATA.extras;
  const ctx = buildJobContext({
    job: structuredClone(DIFF_DATA.job),
    realm: structuredClone(DIFF_DATA.realm),
    start: new Date(DIFF_DATA.start),
    tz: DIFF_TZ,
    extras: structuredClone(extras),
    utils: buildUtils({
      now: () => new Date(DIFF_DATA.now),
      uuid: () => DIFF_DATA.uuid,
      localTz: DIFF_TZ,
    }),
  });
  // What the runner adds to `globals.lava` (in the original's order).
  const lava = (ctx.globals as { lava: Record<string, unknown> }).lava;
  Object.assign(lava, {
    master_job_id: DIFF_DATA.job.job_id,
    parent_job_id: DIFF_DATA.job.job_id,
    master_start: ctx.start,
    master_ustart: ctx.ustart,
    parent_start: ctx.start,
    parent_ustart: ctx.ustart,
  });
  return { ...ctx, info: { ...info, event_time: toPyDatetime(info.event_time) } };
}
