import {
  type ChildDispatch,
  type ChildOutcome,
  type ChildRunOptions,
  type HandlerContext,
  type ObjectSource,
  type RunJob,
} from '@lava/core';
import { mkdtempSync, writeFileSync, mkdirSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { Logger } from '@lava/logging';
import { BwrapSandbox } from '../sandbox/bwrap.sandbox';

/** Test doubles for a HandlerContext: outputs land in a local directory, dispatches are recorded. */
export interface ContextFixture {
  ctx: HandlerContext;
  outputs: Map<string, Buffer>;
  dispatched: ChildDispatch[];
  logLines: string[];
  children: Array<{ jobId: string; parent: RunJob; options?: ChildRunOptions }>;
}

export function makeJob(overrides: Partial<RunJob> = {}): RunJob {
  const start = new Date('2026-01-02T03:04:05Z');
  return {
    job_id: 'demo/job',
    type: 'cmd',
    worker: 'core',
    payload: '--',
    parameters: {},
    globals: {},
    state: {},
    run_id: '0b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11',
    realm: 'demo',
    ts_dispatch: start,
    ts_start: start,
    ts_ustart: start,
    ...overrides,
  };
}

const tempDirs: string[] = [];

/** A temp dir removed when the test file ends. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Renders `{{ name.path }}` placeholders only: enough to prove handlers render the right fields. */
function renderPlaceholders(template: string, scope: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, path: string) => {
    const value = path
      .split('.')
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], scope);
    return value === undefined ? '' : String(value);
  });
}

export function makeContext(
  job: RunJob,
  options: {
    payloadFiles?: Record<string, string>;
    childOutcomes?: Record<string, ChildOutcome>;
    /** Reasons the dispatcher port gives for targets it cannot dispatch. */
    undispatchable?: Record<string, string>;
    config?: Record<string, string>;
    /** Resolved connections by conn_id (what the secrets broker would release). */
    connections?: Record<string, unknown>;
    /** S3 objects by `s3://` URI for the objects port, or a whole ObjectSource. */
    objects?: Record<string, Buffer | string> | ObjectSource;
    dev?: boolean;
  } = {},
): ContextFixture {
  const runDir = tempDir('lava-handler-');
  const outputs = new Map<string, Buffer>();
  const dispatched: ChildDispatch[] = [];
  const logLines: string[] = [];
  const children: Array<{ jobId: string; parent: RunJob; options?: ChildRunOptions }> = [];
  const ctx: HandlerContext = {
    job,
    realmRecord: { realm: 'demo', s3_payloads: 's3://bucket/payloads', s3_temp: 's3://bucket/tmp' },
    runDir,
    dev: options.dev ?? false,
    signal: new AbortController().signal,
    logger: new Logger({ service: 'test' }, { sink: (l) => logLines.push(l) }),
    config: (key) => options.config?.[key],
    baseEnv: { PATH: process.env.PATH },
    sandbox: new BwrapSandbox(),
    payloads: {
      async download(entries, intoDir) {
        return entries.map((entry, n) => {
          const dir = join(intoDir, `pld-${n}`);
          mkdirSync(dir, { recursive: true });
          const sources = Object.entries(options.payloadFiles ?? {}).filter(([key]) => key.startsWith(entry));
          const files = sources.map(([, src]) => {
            const dest = join(dir, basename(src));
            copyFileSync(src, dest);
            return dest;
          });
          return { entry, dir, files };
        });
      },
    },
    outputs: {
      prefix: `s3://bucket/tmp/${job.job_id}/${job.run_id}`,
      async put(name: string, body: Buffer | string | Readable) {
        const chunks: Buffer[] = [];
        if (typeof body === 'string' || Buffer.isBuffer(body)) chunks.push(Buffer.from(body));
        else for await (const c of body) chunks.push(Buffer.from(c as Buffer));
        outputs.set(name, Buffer.concat(chunks));
        return `s3://bucket/tmp/${job.job_id}/${job.run_id}/${name}`;
      },
    },
    dispatcher: {
      async dispatch(request) {
        dispatched.push(request);
        return { run_id: `run-${dispatched.length}` };
      },
      async check(jobId) {
        return options.undispatchable?.[jobId];
      },
    },
    children: {
      async run(jobId, parent, childOptions) {
        children.push({ jobId, parent, ...(childOptions ? { options: childOptions } : {}) });
        return options.childOutcomes?.[jobId] ?? { status: 'complete', result: { exit_status: 0 } };
      },
    },
    connections: {
      async get(connId) {
        const found = options.connections?.[connId];
        if (found === undefined) throw new Error(`no connection ${connId} in this fixture`);
        return found as Record<string, unknown>;
      },
    },
    objects: objectSource(options.objects),
    renderer: {
      render: async (template, _field, extra) =>
        renderPlaceholders(template, { job, globals: job.globals, ...extra }),
      renderJson: async (value, _field, extra) =>
        JSON.parse(renderPlaceholders(JSON.stringify(value), { job, globals: job.globals, ...extra })),
    },
  };
  return { ctx, outputs, dispatched, logLines, children };
}

/** An in-memory ObjectSource over `s3://` URIs (or the given one). */
export function objectSource(
  objects: Record<string, Buffer | string> | ObjectSource | undefined,
): ObjectSource {
  if (
    objects !== undefined &&
    typeof (objects as ObjectSource).get === 'function' &&
    typeof (objects as ObjectSource).head === 'function'
  )
    return objects as ObjectSource;
  const map = (objects ?? {}) as Record<string, Buffer | string>;
  return {
    async head(uri) {
      const body = map[uri];
      return body === undefined ? undefined : { size: Buffer.byteLength(body) };
    },
    async get(uri) {
      const body = map[uri];
      if (body === undefined) throw new Error(`NoSuchKey: ${uri}`);
      return Readable.from([Buffer.from(body)]);
    },
  };
}

/** Writes an executable script to a temp file and returns its path. */
export function writeScript(name: string, body: string): string {
  const dir = tempDir('lava-payload-');
  const file = join(dir, name);
  writeFileSync(file, body, { mode: 0o644 });
  return file;
}

export function readOutput(f: ContextFixture, name: string): string | undefined {
  return f.outputs.get(name)?.toString('utf8');
}
