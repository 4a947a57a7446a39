import { formatLogLine } from './log-format';

const plain = { colour: false, json: false };
const line = JSON.stringify({
  ts: '2024-05-01T12:00:01.123Z',
  level: 'warn',
  service: 'worker',
  realm: 'demo',
  msg: 'run message rejected',
  job_id: 'demo/hello',
  info: { code: 'X' },
});

describe('formatLogLine', () => {
  it('shows time, level, message and the other keys, hiding the ones the prefix already says', () => {
    expect(formatLogLine('worker', 0, 8, line, plain)).toBe(
      '[worker  ] 12:00:01 warn  run message rejected  job_id=demo/hello info={"code":"X"}',
    );
  });

  it('passes a line that is not a JSON object through unchanged', () => {
    expect(formatLogLine('broker', 1, 6, 'plain text', plain)).toBe('[broker] plain text');
    expect(formatLogLine('broker', 1, 6, '{broken', plain)).toBe('[broker] {broken');
  });

  it('prints the raw line with --json', () => {
    expect(formatLogLine('worker', 0, 6, line, { colour: false, json: true })).toBe(`[worker] ${line}`);
  });

  it('colours the prefix by service index and the level by severity', () => {
    const out = formatLogLine('worker', 1, 6, line, { colour: true, json: false });
    expect(out.startsWith('\u001b[35m[worker]\u001b[0m')).toBe(true);
    expect(out).toContain('\u001b[33mwarn \u001b[0m');
  });
});
