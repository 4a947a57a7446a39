import { RunMessageError } from '../errors';
import { checkLavaGlobals, lavaTimestamp } from './lava-globals';

describe('checkLavaGlobals', () => {
  it('keeps the four timestamps as sent, offset included, and leaves the rest', () => {
    const out = checkLavaGlobals({
      country: 'NZ',
      lava: {
        parent_job_id: 'p',
        master_start: '2024-05-01T09:00:00+10:00',
        parent_ustart: '2024-04-30T23:00:00+00:00',
        iteration: 2,
      },
    });
    const lava = out.lava as Record<string, unknown>;
    expect(lava.master_start).toBe('2024-05-01T09:00:00+10:00');
    expect(lava.parent_ustart).toBe('2024-04-30T23:00:00+00:00');
    expect([out.country, lava.parent_job_id, lava.iteration]).toEqual(['NZ', 'p', 2]);
  });

  it('does not touch globals without lava, nor share its input', () => {
    const input = { lava: { master_start: '2024-05-01T10:15:00+10:00' } };
    const out = checkLavaGlobals(input);
    (out.lava as Record<string, unknown>).master_start = 'x';
    expect(input.lava.master_start).toBe('2024-05-01T10:15:00+10:00');
    expect(checkLavaGlobals({ a: 1 })).toEqual({ a: 1 });
  });

  it('names the field and value on failure', () => {
    expect(() => checkLavaGlobals({ lava: { parent_start: '2024-05-01 10:15:00' } })).toThrow(
      RunMessageError,
    );
    expect(() => checkLavaGlobals({ lava: { parent_start: '2024-05-01 10:15:00' } })).toThrow(
      'parent_start: Bad timestamp: 2024-05-01 10:15:00',
    );
  });
});

describe('lavaTimestamp: the original isoformat() form', () => {
  const at = new Date('2024-04-30T23:00:00.250Z');
  it.each([
    ['Australia/Sydney', '2024-05-01T09:00:00+10:00'],
    ['UTC', '2024-04-30T23:00:00+00:00'],
    ['America/New_York', '2024-04-30T19:00:00-04:00'],
  ])('%s -> %s', (tz, text) => {
    expect(lavaTimestamp(at, tz)).toBe(text);
  });
});
