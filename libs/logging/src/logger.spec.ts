import { Logger, redact } from './logger';

describe('Logger', () => {
  const fixed = () => new Date('2026-01-02T03:04:05.000Z');

  it('writes one JSON line with context fields and the message', () => {
    const lines: string[] = [];
    const log = new Logger(
      { service: 'worker', realm: 'demo' },
      { sink: (l) => lines.push(l), clock: fixed },
    );
    log.child({ job_id: 'j1', run_id: 'r1' }).info('started', { tries: 2 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      ts: '2026-01-02T03:04:05.000Z',
      level: 'info',
      service: 'worker',
      realm: 'demo',
      job_id: 'j1',
      run_id: 'r1',
      msg: 'started',
      tries: 2,
    });
  });

  it('drops lines below the threshold', () => {
    const lines: string[] = [];
    const log = new Logger({}, { level: 'warn', sink: (l) => lines.push(l) });
    log.info('quiet');
    log.debug('quieter');
    log.error('loud');
    log.lifecycle('ready');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['loud', 'ready']);
  });

  it('never writes secret-named fields, however deep', () => {
    const lines: string[] = [];
    const log = new Logger({}, { sink: (l) => lines.push(l) });
    log.info('conn', {
      conn: { host: 'db', password: 'hunter2', nested: [{ api_key: 'k' }] },
      Authorization: 'Bearer x',
    });
    expect(lines[0]).not.toContain('hunter2');
    expect(lines[0]).not.toContain('Bearer x');
    expect(JSON.parse(lines[0]!).conn.host).toBe('db');
  });

  it('flattens errors to name, code and message', () => {
    const err = Object.assign(new Error('boom'), { code: 'E_BOOM' });
    expect(redact({ err })).toEqual({ err: { name: 'Error', message: 'boom', code: 'E_BOOM' } });
  });
});
