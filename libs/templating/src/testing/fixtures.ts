/** Shared fixtures for this library's unit tests (not exported from the package). */
import { buildJobContext, buildTriggerContext } from '../context';
import { createRenderer, type RenderContext, type Renderer } from '../renderer';
import { buildUtils } from '../utils';

/** 2024-05-01 13:00:09 in Sydney (AEST, +10:00). */
export const START = new Date('2024-05-01T03:00:09Z');
export const fixedUtils = () =>
  buildUtils({
    now: () => START,
    uuid: () => '5f0e3c5e-1d2b-4a8e-9f3c-2b7f1c0d9e44',
    localTz: 'Australia/Sydney',
  });

export function jobContext(overrides: { result?: unknown; vars?: unknown } = {}): RenderContext {
  return buildJobContext({
    job: {
      job_id: 'etl/sales-load',
      run_id: '5f0e3c5e-1d2b-4a8e-9f3c-2b7f1c0d9e44',
      worker: 'core',
      realm: 'acme',
      ts_dispatch: '2024-05-01T03:00:07+00:00',
      parameters: { vars: { day: '2024-05-01', mode: 'full' }, timeout: '30m' },
      globals: {
        src: 's3://acme-landing/sales/daily/2024-05-01/part+1.csv.gz',
        lava: {
          master_job_id: 'etl/sales-load',
          master_start: '2024-05-01T13:00:09+10:00',
          master_ustart: '2024-05-01T03:00:09+00:00',
          parent_job_id: 'etl/sales-load',
          parent_start: '2024-05-01T13:00:09+10:00',
          parent_ustart: '2024-05-01T03:00:09+00:00',
          iteration: 1,
        },
      },
      state: { counter: { n: 0 }, 'my-id': 'hello' },
    },
    realm: { realm: 'acme', s3_temp: 's3://acme-lava/tmp' },
    start: START,
    tz: 'Australia/Sydney',
    utils: fixedUtils(),
    ...overrides,
  });
}

/** The s3trigger values of a typical event (canonical info and the raw S3 record). */
export const TRIGGER_EVENT = {
  bucket: 'acme-landing',
  key: 'sales/daily/2024-05-01/part+1.csv.gz',
  info: {
    bucket: 'acme-landing',
    key: 'sales/daily/2024-05-01/part+1.csv.gz',
    size: 5000,
    source_ip: '203.0.113.9',
    event_time: '2024-05-01T03:00:05.120000+00:00',
    event_type: 'ObjectCreated:Put',
    aws_region: 'ap-southeast-2',
  },
  event: {
    eventSource: 'aws:s3',
    eventName: 'ObjectCreated:Put',
    s3: { bucket: { name: 'acme-landing' } },
  },
};

export function triggerContext(): RenderContext {
  return buildTriggerContext({
    ...structuredClone(TRIGGER_EVENT),
    utils: fixedUtils(),
  });
}

let shared: Renderer | undefined;
/** One renderer for a test file (as in production: one per process). */
export function renderer(): Renderer {
  shared ??= createRenderer();
  return shared;
}

/** Renders `template` with the job context (or `ctx`). */
export function render(template: string, ctx: RenderContext = jobContext()): string {
  return renderer().render(template, ctx, { field: 'test' });
}
