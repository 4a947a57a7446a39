import { resolveTable, sanitiseFilename } from './dump.command';

describe('sanitiseFilename (the original lava-dump file names)', () => {
  it.each([
    ['etl/daily/load', 'etl.daily.load'],
    ['ETL//Daily..Load', 'etl.daily.load'],
    ['/lead/and trailing/', 'lead.and-trailing'],
    ['café au lait', 'cafe-au-lait'],
    ['a:b*c?d', 'abcd'],
    ['x=1+2', 'x=1+2'],
  ])('%s -> %s', (key, name) => expect(sanitiseFilename(key)).toBe(name));
});

describe('resolveTable', () => {
  it('accepts any unique initial sequence, and triggers for s3triggers', () => {
    expect(resolveTable('j')).toBe('jobs');
    expect(resolveTable('conn')).toBe('connections');
    expect(resolveTable('triggers')).toBe('s3triggers');
    expect(resolveTable('t')).toBe('s3triggers');
    expect(resolveTable('REALMS')).toBe('realms');
  });

  it('refuses unknown and ambiguous names, listing the choices', () => {
    expect(() => resolveTable('x')).toThrow('Bad --table "x": unknown; one of jobs, connections');
    expect(() => resolveTable('')).toThrow('ambiguous');
  });
});
