import { jobConnectionIds, jobConnectionRefs, jobNamesConnection } from './connection-refs';
import { childJobIds } from './child-jobs';

describe('jobConnectionIds', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown> | undefined, string[]]>([
    ['sql conn_id', { type: 'sql', parameters: { conn_id: 'dw' } }, undefined, ['dw']],
    [
      'db_from_s3 targets',
      { type: 'db_from_s3', parameters: { db_conn_id: 'rs', s3_conn_id: 'aws-keys' } },
      undefined,
      ['aws-keys', 'rs'],
    ],
    [
      'exe connections map',
      { type: 'exe', parameters: { connections: { db: 'dw', mail: 'smtp' } } },
      undefined,
      ['dw', 'smtp'],
    ],
    [
      'docker parameter',
      { type: 'docker', parameters: { docker: 'ecr' } },
      { docker: 'realm-docker' },
      ['ecr'],
    ],
    [
      'docker from the realm',
      { type: 'docker', parameters: {} },
      { docker: 'realm-docker' },
      ['realm-docker'],
    ],
    ['docker field ignored for other types', { type: 'cmd', parameters: { docker: 'x' } }, undefined, []],
    [
      'foreach query generator',
      { type: 'foreach', parameters: { foreach: { type: 'query', conn_id: 'pg', query: 'select 1' } } },
      undefined,
      ['pg'],
    ],
    [
      'actions',
      {
        type: 'log',
        on_fail: [
          { action: 'slack', slack_conn: 'ops' },
          { action: 'email', email_conn: 'mail' },
        ],
      },
      undefined,
      ['mail', 'ops'],
    ],
    [
      'realm default actions when the job has none',
      { type: 'log' },
      { on_fail: [{ action: 'slack', slack_conn: 'ops' }] },
      ['ops'],
    ],
    [
      'job list overrides realm list (even empty)',
      { type: 'log', on_fail: [] },
      { on_fail: [{ action: 'slack', slack_conn: 'ops' }] },
      [],
    ],
    [
      'templated ids left out, duplicates merged',
      { type: 'sql', parameters: { conn_id: '{{ globals.db }}', connections: { a: 'dw', b: 'dw' } } },
      undefined,
      ['dw'],
    ],
    ['no parameters', { type: 'cmd' }, undefined, []],
  ])('%s', (_name, job, realm, expected) => {
    expect(jobConnectionIds(job, realm)).toEqual(expected);
  });

  it('reports where each reference is and whether it is templated', () => {
    expect(jobConnectionRefs({ parameters: { conn_id: '{{ x }}', connections: { DB: 'dw' } } })).toEqual([
      { conn_id: '{{ x }}', path: '/parameters/conn_id', templated: true },
      { conn_id: 'dw', path: '/parameters/connections/DB', templated: false },
    ]);
  });
});

describe('jobNamesConnection and childJobIds', () => {
  it('matches literal ids exactly and templated ids by their literal parts', () => {
    const job = { type: 'sql', parameters: { conn_id: '{{ globals.env }}-dw', db_conn_id: 'meta' } };
    expect(jobNamesConnection(job, 'meta')).toBe(true);
    expect(jobNamesConnection(job, 'prod-dw')).toBe(true);
    expect(jobNamesConnection(job, 'prod-dwx')).toBe(false);
    expect(jobNamesConnection(job, '-dw')).toBe(false);
    expect(jobNamesConnection({ on_fail: [{ action: 'email', email_conn: 'mail' }] }, 'mail')).toBe(true);
  });

  it('lists the children of chain, foreach and dag jobs with their prefix', () => {
    expect(childJobIds({ type: 'chain', payload: 'a, b', parameters: { job_prefix: 'p/' } })).toEqual([
      'p/a',
      'p/b',
    ]);
    expect(childJobIds({ type: 'foreach', payload: 'child' })).toEqual(['child']);
    expect(childJobIds({ type: 'dag', payload: { d: ['b', 'c'], b: 'a', c: 'a', a: null } })).toEqual([
      'd',
      'b',
      'c',
      'a',
    ]);
    expect(childJobIds({ type: 'dispatch', payload: 'a' })).toEqual([]);
  });
});
