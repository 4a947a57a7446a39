import type { FleetRecord } from '@lava/core';
import { formatRunTree, runTree } from './run-tree';
import type { OperationsPorts, RunRecord } from './ports';
import { RealmReader } from './realm-reader';

const record = (runId: string, children: FleetRecord['children']): FleetRecord => ({
  parent_job_id: 'p',
  parent_run_id: runId,
  parent_type: 'foreach',
  worker: 'core',
  policy: 'continue',
  concurrency: 2,
  children,
  resume: { tries: 0 },
  version: 1,
});

const child = (key: string, run_id: string, state: FleetRecord['children'][number]['state']) => ({
  key,
  job_id: `job-${key}`,
  run_id,
  needs: [],
  excused: false,
  globals: {},
  state,
  ...(state === 'failed' ? { error: 'exit 3' } : {}),
});

describe('runTree', () => {
  const fleets: Record<string, FleetRecord> = {
    top: record('top', [
      child('0', 'r0', 'complete'),
      child('1', 'r1', 'failed'),
      child('2', 'r2', 'not_run'),
    ]),
    r0: record('r0', [child('a', 'ra', 'dispatched')]),
  };
  const statuses: Record<string, string> = { r0: 'complete', r1: 'failed', ra: 'running' };
  const sources = {
    fleet: async (id: string) => fleets[id],
    status: async (_job: string, id: string) => statuses[id],
  };

  it('builds the tree of child runs with their own statuses, nested fleets below their parent', async () => {
    const tree = await runTree('top', sources);
    expect(tree?.children.map((c) => `${c.key} ${c.run_id} ${c.status}`)).toEqual([
      '0 r0 complete',
      '1 r1 failed',
      '2 r2 not_run',
    ]);
    expect(tree?.children[0]?.fleet?.children[0]).toMatchObject({ run_id: 'ra', status: 'running' });
    expect(formatRunTree(tree!)).toBe(
      [
        'children (fleet, continue, concurrency 2):',
        '  0      job-0  r0  complete',
        '    children (fleet, continue, concurrency 2):',
        '      a      job-a  ra  running',
        '  1      job-1  r1  failed  exit 3',
        '  2      job-2  r2  not_run',
        '',
      ].join('\n'),
    );
  });

  it('is undefined for a run that is no fleet parent', async () => {
    expect(await runTree('other', sources)).toBeUndefined();
  });
});

describe('RealmReader.getRun', () => {
  const items: Record<string, RunRecord[]> = {
    top: [{ job_id: 'p', run_id: 'top', status: 'complete', log: [] }],
    r0: [{ job_id: 'job-0', run_id: 'r0', status: 'complete' }],
    plain: [{ job_id: 'q', run_id: 'plain', status: 'complete' }],
  };
  const reader = new RealmReader({
    runs: { findByRunId: async (id: string) => items[id] ?? [] },
    outputs: { list: async () => [] },
    fleets: {
      get: async (id: string) => (id === 'top' ? record('top', [child('0', 'r0', 'complete')]) : undefined),
    },
  } as unknown as OperationsPorts);

  it("includes a fleet-mode run's child runs, each with its own recorded status", async () => {
    const detail = await reader.getRun('top');
    expect(detail.fleet).toEqual({
      policy: 'continue',
      concurrency: 2,
      children: [{ key: '0', job_id: 'job-0', run_id: 'r0', status: 'complete' }],
    });
  });

  it('has no fleet for a run that is no fleet parent', async () => {
    expect((await reader.getRun('plain')).fleet).toBeUndefined();
  });
});
