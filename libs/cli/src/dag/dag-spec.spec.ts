import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dagGraph } from '@lava/core';
import { runCli } from '../cli';
import { memoryIO } from '../cli-io';
import { dagOrderText, dagPayload, matrixDependencies } from './dag-spec';

/** The matrix of the original's documentation. */
const MATRIX = [
  ['Jobs', 'J1', 'J2', 'J3', 'J5'],
  ['J1', '', '', 'x', 'x'],
  ['J2', '', '', '', ''],
  ['J4', 'x', '', '', ''],
  ['J4', '', '', 'x', ''],
  ['J5', '', '', '', ''],
];

describe('dag payloads from a dependency matrix', () => {
  const deps = matrixDependencies(MATRIX);

  it('compact form: the original documentation’s example', () => {
    expect(dagPayload(deps, { compact: true })).toEqual({ J1: ['J3', 'J5'], J2: null, J4: ['J1', 'J3'] });
  });

  it('full form lists every row, with prefix and wrap; the result is a dag the job type reads', () => {
    const payload = dagPayload(deps, { prefix: 'etl/', wrap: 'payload' });
    expect(payload).toEqual({
      payload: { 'etl/J1': ['etl/J3', 'etl/J5'], 'etl/J2': [], 'etl/J4': ['etl/J1', 'etl/J3'], 'etl/J5': [] },
    });
    expect([...dagGraph(payload.payload).keys()].sort()).toEqual([
      'etl/J1',
      'etl/J2',
      'etl/J3',
      'etl/J4',
      'etl/J5',
    ]);
  });

  it('singletons become a string in compact form', () => {
    expect(
      dagPayload(
        matrixDependencies([
          ['', 'a'],
          ['b', 'x'],
        ]),
        { compact: true },
      ),
    ).toEqual({ b: 'a' });
  });

  it('prints run order in batches', () => {
    expect(dagOrderText(deps)).toBe(
      ['Batch 1', '  - J2', '  - J3', '  - J5', 'Batch 2', '  - J1', 'Batch 3', '  - J4'].join('\n'),
    );
  });

  it('refuses an empty matrix and a cycle, naming its jobs', () => {
    expect(() => dagPayload(matrixDependencies([['Jobs']]))).toThrow('DAG is empty');
    expect(() =>
      dagPayload(
        matrixDependencies([
          ['', 'a', 'b'],
          ['a', '', 'x'],
          ['b', 'x', ''],
        ]),
      ),
    ).toThrow('Nodes are in a cycle: a, b');
  });
});

describe('lava dag-gen', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lava-dag-gen-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function lava(...argv: string[]) {
    const io = memoryIO();
    const code = await runCli(argv, io, {});
    return { code, out: io.out, err: io.err };
  }

  it('reads a CSV matrix (quoted fields too)', async () => {
    const csv = join(dir, 'deps.csv');
    writeFileSync(
      csv,
      `${MATRIX.map((r) => r.map((c) => (c === 'J5' ? '"J5"' : c)).join(',')).join('\n')}\n`,
    );
    const r = await lava('dag-gen', csv, '-c');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ J1: ['J3', 'J5'], J2: null, J4: ['J1', 'J3'] });
  });

  it('reads a columnar SQLite table, one group, as YAML', async () => {
    const file = join(dir, 'deps.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE dag (job_group TEXT, job TEXT NOT NULL, depends_on TEXT)');
    const insert = db.prepare('INSERT INTO dag VALUES (?, ?, ?)');
    for (const row of [
      ['nightly', 'load', 'extract'],
      ['nightly', 'report', 'load'],
      ['nightly', 'extract', null],
      ['weekly', 'other', null],
    ])
      insert.run(...row);
    db.close();
    const r = await lava('dag-gen', file, '-g', 'nightly', '-y');
    expect(r.code).toBe(0);
    expect(r.out).toBe('extract: []\nload:\n  - extract\nreport:\n  - load\n');
    const missing = await lava('dag-gen', file, '--table', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no such table: nope');
  });

  it('says which sources it cannot read', async () => {
    const r = await lava('dag-gen', 'deps.xlsx');
    expect(r.code).toBe(1);
    expect(r.err).toContain('Excel sources are not supported here; save the sheet as CSV');
  });
});
