import { expandDottedAssignments } from './dotted-names';

describe('expandDottedAssignments (dotted names)', () => {
  it.each<[string[], object]>([
    [['a.b=1', 'a.c=2'], { a: { b: '1', c: '2' } }],
    [['a=1', 'a=2'], { a: '2' }],
    [['x..y=1'], { x: { '': { y: '1' } } }],
    [['=v'], { '': 'v' }],
    [['a=b=c'], { a: 'b=c' }],
    [['a.b.c=1', 'a.b.d=2', 'e=3'], { a: { b: { c: '1', d: '2' } }, e: '3' }],
    [['vars.day=2024-04-30'], { vars: { day: '2024-04-30' } }],
    [['a.b=1', 'a.b=2'], { a: { b: '2' } }],
    [[], {}],
  ])('%j → %j', (input, expected) => {
    expect(expandDottedAssignments(input)).toEqual(expected);
  });

  it.each<[string[], string]>([
    [['a=1', 'a.b=2'], 'Path conflict: a.b'],
    // The original kept {a: "1"} here; the outcome depended on order, so it is refused.
    [['a.b=2', 'a=1'], 'Path conflict: a'],
    [['a.b.c=1', 'a.b=2'], 'Path conflict: a.b'],
    [['a.b=1', 'a.b.c=2'], 'Path conflict: a.b.c'],
    [['novalue'], 'Expected name=value: novalue'],
  ])('refuses %j', (input, message) => {
    expect(() => expandDottedAssignments(input)).toThrow(message);
  });
});
