import { RunMessageError } from '../errors';
import {
  buildRunMessage,
  isLegacyWorker,
  parseRunMessage,
  runMessageDispatchTime,
  toLegacyRunMessage,
} from './run-message';

const original = {
  realm: 'acme',
  worker: 'core',
  job_id: 'etl/load',
  run_id: '0b6f5c8e-8d0a-4c43-9a55-0f3f1d7e2a11',
  ts_dispatch: '2024-05-01T10:15:00+10:00',
  parameters: { timeout: '20m' },
  globals: { country: 'NZ' },
};

describe('parseRunMessage', () => {
  it('accepts the message sent by the original lava-dispatcher, as text or object', () => {
    expect(parseRunMessage(JSON.stringify(original))).toEqual(original);
    expect(parseRunMessage(original)).toEqual(original);
  });

  it('accepts a fractional timestamp and optional maps left out', () => {
    const { parameters: _p, globals: _g, ...bare } = original;
    expect(parseRunMessage({ ...bare, ts_dispatch: '2024-05-01T10:00:00.123456+10:00' }).job_id).toBe(
      'etl/load',
    );
  });

  it('accepts the extensions', () => {
    const msg = { ...original, schema_version: 2, grant: 'g.sig', idempotency_key: 'k', tries: 1 };
    expect(parseRunMessage(msg)).toEqual(msg);
  });

  it.each<[string, unknown, string]>([
    ['bad JSON', '{', 'Malformed dispatch message:'],
    ['not a map', '[1]', 'Malformed dispatch message: must be a map, got array'],
    [
      'missing keys, sorted',
      { realm: 'acme', job_id: 'j' },
      'Malformed dispatch message: Missing keys: run_id, ts_dispatch, worker',
    ],
    [
      'unexpected keys, x- included',
      { ...original, 'x-a': 1, delay: 5 },
      'Malformed dispatch message: Unexpected keys: delay, x-a',
    ],
    [
      'parameters not a map',
      { ...original, parameters: [] },
      'Malformed dispatch message: parameters must be a dict',
    ],
    [
      'run_id not a UUID',
      { ...original, run_id: '../x' },
      'Malformed dispatch message: run_id must be a UUID',
    ],
    [
      'empty worker',
      { ...original, worker: '' },
      'Malformed dispatch message: worker must be a non-empty string',
    ],
    ['newer schema', { ...original, schema_version: 3 }, 'schema_version 3 is newer than 2'],
    ['bad tries', { ...original, tries: -1 }, 'tries must be an integer >= 0'],
    [
      'bad timestamp',
      { ...original, ts_dispatch: 'yesterday' },
      'Bad timestamp in dispatch message: Bad timestamp: "yesterday"',
    ],
  ])('rejects %s', (_name, raw, message) => {
    expect(() => parseRunMessage(raw)).toThrow(RunMessageError);
    expect(() => parseRunMessage(raw)).toThrow(message);
  });

  it('gives the timestamp error its own code', () => {
    expect(() => parseRunMessage({ ...original, ts_dispatch: 'x' })).toThrow(
      expect.objectContaining({ code: 'LAVA_RUN_MESSAGE_BAD_TIMESTAMP' }),
    );
  });

  it('reads the dispatch time as an instant', () => {
    expect(runMessageDispatchTime(original).toISOString()).toBe('2024-05-01T00:15:00.000Z');
  });
});

describe('buildRunMessage', () => {
  const deps = {
    now: () => new Date('2024-05-01T03:00:07.654Z'),
    newRunId: () => '5f0e3c5e-1d2b-4a8e-9f3c-2b7f1c0d9e44',
  };

  it('builds the original shape: whole seconds with offset, empty maps left out', () => {
    expect(
      buildRunMessage({ realm: 'acme', worker: 'core', job_id: 'j', parameters: {}, globals: {} }, deps),
    ).toEqual({
      realm: 'acme',
      worker: 'core',
      job_id: 'j',
      run_id: '5f0e3c5e-1d2b-4a8e-9f3c-2b7f1c0d9e44',
      ts_dispatch: '2024-05-01T03:00:07+00:00',
    });
  });

  it('uses the given timezone and maps', () => {
    const msg = buildRunMessage(
      { realm: 'acme', worker: 'core', job_id: 'j', parameters: { a: 1 } },
      { ...deps, tz: 'Australia/Sydney' },
    );
    expect(msg.ts_dispatch).toBe('2024-05-01T13:00:07+10:00');
    expect(msg.parameters).toEqual({ a: 1 });
  });

  it('adds schema_version 2 only with extensions, and strips them for Python workers', () => {
    const msg = buildRunMessage(
      { realm: 'acme', worker: 'core', job_id: 'j', grant: 'tok', idempotency_key: 'k' },
      deps,
    );
    expect(msg).toMatchObject({ schema_version: 2, grant: 'tok', idempotency_key: 'k' });
    expect(Object.keys(toLegacyRunMessage(msg)).sort()).toEqual([
      'job_id',
      'realm',
      'run_id',
      'ts_dispatch',
      'worker',
    ]);
  });

  it('generates a real UUID by default', () => {
    expect(buildRunMessage({ realm: 'acme', worker: 'core', job_id: 'j' }).run_id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('isLegacyWorker: fleets of the original Python worker (realm legacy_workers)', () => {
  it('is true only for listed fleets', () => {
    expect(isLegacyWorker({ legacy_workers: ['old', 'etl'] }, 'old')).toBe(true);
    expect(isLegacyWorker({ legacy_workers: ['old'] }, 'core')).toBe(false);
    expect(isLegacyWorker({}, 'old')).toBe(false);
    expect(isLegacyWorker(undefined, 'old')).toBe(false);
  });
});
