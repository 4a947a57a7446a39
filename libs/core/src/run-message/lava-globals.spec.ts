import { RunMessageError } from '../errors';
import { reviveLavaGlobals } from './lava-globals';

describe('reviveLavaGlobals (§2.4 step 11)', () => {
  it('parses the four timestamps and leaves the rest', () => {
    const out = reviveLavaGlobals({
      country: 'NZ',
      lava: { parent_job_id: 'p', master_start: '2024-05-01T10:15:00+10:00', parent_ustart: '2024-05-01T00:15:00.5Z', iteration: 2 },
    });
    const lava = out.lava as Record<string, unknown>;
    expect((lava.master_start as Date).toISOString()).toBe('2024-05-01T00:15:00.000Z');
    expect((lava.parent_ustart as Date).toISOString()).toBe('2024-05-01T00:15:00.500Z');
    expect([out.country, lava.parent_job_id, lava.iteration]).toEqual(['NZ', 'p', 2]);
  });

  it('does not touch globals without lava, nor mutate its input', () => {
    const input = { lava: { master_start: '2024-05-01T10:15:00+10:00' } };
    reviveLavaGlobals(input);
    expect(input.lava.master_start).toBe('2024-05-01T10:15:00+10:00');
    expect(reviveLavaGlobals({ a: 1 })).toEqual({ a: 1 });
  });

  it('names the field and value on failure', () => {
    expect(() => reviveLavaGlobals({ lava: { parent_start: '2024-05-01 10:15:00' } })).toThrow(RunMessageError);
    expect(() => reviveLavaGlobals({ lava: { parent_start: '2024-05-01 10:15:00' } })).toThrow('parent_start: Bad timestamp: 2024-05-01 10:15:00');
  });
});
