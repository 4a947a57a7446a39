import { parseRecords } from './parse-records';

describe('parseRecords', () => {
  it.each([
    ['a.json', '{"job_id": "a"}', [{ job_id: 'a' }]],
    ['a.json', '[{"job_id": "a"}, {"job_id": "b"}]', [{ job_id: 'a' }, { job_id: 'b' }]],
    ['a.yaml', 'job_id: a\ntype: cmd\n', [{ job_id: 'a', type: 'cmd' }]],
    ['a.yml', '- job_id: a\n- job_id: b\n', [{ job_id: 'a' }, { job_id: 'b' }]],
    [
      'a.yaml',
      'job_id: a\n---\n- job_id: b\n- job_id: c\n',
      [{ job_id: 'a' }, { job_id: 'b' }, { job_id: 'c' }],
    ],
    ['a.yaml', '---\n# only a comment\n---\njob_id: a\n', [{ job_id: 'a' }]],
    ['a.yaml', '', []],
    // YAML 1.2 core schema: dates and "yes" stay strings, as the JSON form would have them.
    ['a.yaml', 'when: 2024-05-01\nflag: yes\n', [{ when: '2024-05-01', flag: 'yes' }]],
    ['a.txt', '{"job_id": "a"}', [{ job_id: 'a' }]],
  ])('%s %j', (file, text, records) => {
    expect(parseRecords(file, text)).toEqual({ ok: true, records });
  });

  it.each([
    ['a.json', '{"job_id": ', /^invalid JSON: /],
    ['a.yaml', 'job_id: [a\n', /^invalid YAML: /],
    ['a.yaml', 'a: 1\n a: 2\n', /^invalid YAML: /],
  ])('reports a broken %s', (file, text, error) => {
    const parsed = parseRecords(file, text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toMatch(error);
  });
});
