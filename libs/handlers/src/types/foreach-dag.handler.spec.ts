import { type ChildOutcome } from '@lava/core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeContext, makeJob, tempDir } from '../testing/handler-context.fixture';
import { DagHandler } from './dag.handler';
import { ForeachHandler } from './foreach.handler';

const failure = (error: string): ChildOutcome => ({ status: 'failed', result: { error } });
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as Error & { code?: string; data?: Record<string, unknown> },
  );

describe('foreach handler (in process)', () => {
  it('runs the child once per inline value set with foreach_index', async () => {
    const job = makeJob({
      type: 'foreach',
      payload: 'etl/child',
      parameters: { foreach: { type: 'inline', values: [{ a: 1 }, { a: 2 }, { a: 3 }] } },
    });
    const f = makeContext(job);
    expect(await new ForeachHandler().run(f.ctx)).toEqual({
      exit_status: 0,
      limit: 10,
      foreach_len: 3,
      jobs_completed: 3,
      failed_indexes: [],
    });
    expect(f.children.map((c) => [c.jobId, c.options])).toEqual(
      [0, 1, 2].map((i) => ['etl/child', { globals: { a: i + 1 }, lava: { foreach_index: i } }]),
    );
  });

  it('generates ranges, csv rows and jsonl objects from local files', async () => {
    const dir = tempDir('foreach-');
    writeFileSync(join(dir, 'list.csv'), 'name,size\nalpha,1\n"b,c",2\n');
    writeFileSync(join(dir, 'list.jsonl'), '{"n": 1}\n{"n": [2]}\n');
    const values = async (foreach: Record<string, unknown>) => {
      const f = makeContext(makeJob({ type: 'foreach', payload: 'c', parameters: { foreach } }));
      await new ForeachHandler().run(f.ctx);
      return f.children.map((c) => c.options?.globals);
    };
    expect(await values({ type: 'range', start: 1, stop: 7, step: 3, name: 'n' })).toEqual([
      { n: 1 },
      { n: 4 },
    ]);
    expect(await values({ type: 'range', stop: 2 })).toEqual([{}, {}]);
    expect(await values({ type: 'csv', filename: join(dir, 'list.csv') })).toEqual([
      { name: 'alpha', size: '1' },
      { name: 'b,c', size: '2' },
    ]);
    expect(await values({ type: 'jsonl', filename: join(dir, 'list.jsonl') })).toEqual([
      { n: 1 },
      { n: [2] },
    ]);
  });

  it('fails before any child runs: over the limit, a reserved name, a bad line, a bad spec', async () => {
    const dir = tempDir('foreach-');
    writeFileSync(join(dir, 'bad.jsonl'), '{"n": 1}\nnot json\n');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ foreach: { type: 'range', stop: 4 }, limit: 3 }, 'foreach value list exceeds limit of 3'],
      [
        { foreach: { type: 'inline', values: [{ LavaX: 1 }] } },
        'foreach field names may not start with "lava"',
      ],
      [
        { foreach: { type: 'jsonl', filename: join(dir, 'bad.jsonl') } },
        `${join(dir, 'bad.jsonl')}: line 2: `,
      ],
      [{ foreach: { type: 'nope' } }, 'No foreach handler for type nope'],
      [{ foreach: { type: 'range', stop: 1, extra: 1 } }, 'Unexpected field extra for foreach type range'],
      [{ foreach: { type: 'range', stop: 1 }, limit: 26 }, 'limit must be <= 25 (FOREACH_MAX_LIMIT)'],
    ];
    for (const [parameters, message] of cases) {
      const f = makeContext(makeJob({ type: 'foreach', payload: 'c', parameters }));
      expect((await rejection(new ForeachHandler().run(f.ctx)))?.message).toContain(message);
      expect(f.children).toEqual([]);
    }
  });

  it('fails on a failed iteration unless can_fail, and honours FOREACH_LIMIT', async () => {
    const parameters = { foreach: { type: 'range', stop: 3 } };
    const f = makeContext(makeJob({ type: 'foreach', payload: 'c', parameters }), {
      childOutcomes: { c: failure('boom') },
    });
    const err = await rejection(new ForeachHandler().run(f.ctx));
    expect(err).toMatchObject({
      message: 'Job c: Index 0: boom',
      data: { exit_status: 1, jobs_completed: 0, failed_indexes: [0] },
    });
    const lenient = makeContext(
      makeJob({ type: 'foreach', payload: 'c', parameters: { ...parameters, can_fail: true } }),
      { childOutcomes: { c: failure('boom') } },
    );
    expect(await new ForeachHandler().run(lenient.ctx)).toMatchObject({
      exit_status: 0,
      failed_indexes: [0, 1, 2],
      jobs_completed: 0,
    });
    const limited = makeContext(makeJob({ type: 'foreach', payload: 'c', parameters }), {
      config: { FOREACH_LIMIT: '2' },
    });
    expect((await rejection(new ForeachHandler().run(limited.ctx)))?.message).toBe(
      'foreach value list exceeds limit of 2',
    );
  });
});

describe('dag handler (in process)', () => {
  /** Children that finish in the order of `delays` (ms), logging start and end. */
  function timedChildren(
    f: ReturnType<typeof makeContext>,
    delays: Record<string, number>,
    fail: string[] = [],
  ) {
    const log: string[] = [];
    f.ctx.children = {
      run: async (id) => {
        log.push(`start ${id}`);
        await new Promise((r) => setTimeout(r, delays[id] ?? 0));
        log.push(`end ${id}`);
        return fail.includes(id)
          ? failure(`${id} broke`)
          : { status: 'complete', result: { exit_status: 0 } };
      },
    };
    return log;
  }

  it('runs a member only after its predecessors, and independent members side by side', async () => {
    const f = makeContext(
      makeJob({
        type: 'dag',
        payload: { D: ['B', 'C'], B: 'A', C: 'A', A: null },
        parameters: { workers: 4 },
      }),
    );
    const log = timedChildren(f, { B: 30, C: 10 });
    expect(await new DagHandler().run(f.ctx)).toEqual({
      exit_status: 0,
      jobs: ['A', 'C', 'B', 'D'],
      failed_jobs: [],
    });
    expect(log).toEqual(['start A', 'end A', 'start B', 'start C', 'end C', 'end B', 'start D', 'end D']);
  });

  it('honours workers as a concurrency limit and the prefix', async () => {
    const f = makeContext(
      makeJob({
        type: 'dag',
        payload: { a: null, b: null, c: null },
        parameters: { workers: 1, job_prefix: 'p/' },
      }),
    );
    const log = timedChildren(f, {});
    await new DagHandler().run(f.ctx);
    expect(log).toEqual(['start p/a', 'end p/a', 'start p/b', 'end p/b', 'start p/c', 'end p/c']);
  });

  it('fails on a member failure without starting new members; can_fail members let dependents run', async () => {
    const payload = { D: ['B', 'C'], B: 'A', C: 'A' };
    const f = makeContext(makeJob({ type: 'dag', payload, parameters: { workers: 4 } }));
    const log = timedChildren(f, { B: 20 }, ['C']);
    const err = await rejection(new DagHandler().run(f.ctx));
    expect(err).toMatchObject({ message: 'Job C: C broke', data: { jobs: ['A', 'B'], failed_jobs: ['C'] } });
    expect(log).not.toContain('start D');
    const lenient = makeContext(makeJob({ type: 'dag', payload, parameters: { can_fail: 'C' } }));
    timedChildren(lenient, {}, ['C']);
    expect(await new DagHandler().run(lenient.ctx)).toMatchObject({
      exit_status: 0,
      failed_jobs: ['C'],
      jobs: ['A', 'B', 'D'],
    });
  });

  it('refuses cycles and payloads that are not maps', async () => {
    const cyc = makeContext(makeJob({ type: 'dag', payload: { a: 'b', b: 'a', c: null } }));
    expect((await rejection(new DagHandler().run(cyc.ctx)))?.message).toBe('Jobs are in a cycle: a, b');
    const bad = makeContext(makeJob({ type: 'dag', payload: ['a'] }));
    expect((await rejection(new DagHandler().run(bad.ctx)))?.message).toBe('payload must be a map');
  });
});
