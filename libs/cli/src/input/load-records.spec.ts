import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRecordFiles } from './load-records';

describe('loadRecordFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lava-cli-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const write = async (name: string, text: string) => {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    return file;
  };

  it('reads many files, numbering records per file', async () => {
    const a = await write('a.yaml', '- job_id: a1\n- job_id: a2\n');
    const b = await write('b.json', '{"job_id": "b1"}');
    const result = await loadRecordFiles([a, b]);
    expect(result.problems).toEqual([]);
    expect(result.records).toEqual([
      { file: a, position: 1, record: { job_id: 'a1' } },
      { file: a, position: 2, record: { job_id: 'a2' } },
      { file: b, position: 1, record: { job_id: 'b1' } },
    ]);
  });

  it('expands a directory to its YAML and JSON files, sorted', async () => {
    await write('jobs/b.yml', 'job_id: b\n');
    await write('jobs/a.json', '{"job_id": "a"}');
    await write('jobs/notes.txt', 'ignored');
    const result = await loadRecordFiles([path.join(dir, 'jobs')]);
    expect(result.records.map((r) => path.basename(r.file))).toEqual(['a.json', 'b.yml']);
  });

  it('keeps going after a bad file and reports every one', async () => {
    const good = await write('good.yaml', 'job_id: g\n');
    const broken = await write('broken.json', '{');
    const empty = await write('empty.yaml', '# nothing\n');
    const missing = path.join(dir, 'missing.yaml');
    const result = await loadRecordFiles([broken, missing, empty, good]);
    expect(result.records.map((r) => r.record)).toEqual([{ job_id: 'g' }]);
    expect(result.problems).toEqual([
      { file: broken, record: 'file', path: '', message: expect.stringMatching(/^invalid JSON/) },
      { file: missing, record: 'file', path: '', message: 'cannot read: ENOENT' },
      { file: empty, record: 'file', path: '', message: 'no records found' },
    ]);
  });
});
