import { jsonTextDepth, jsonValueDepth } from './json-depth';

describe('JSON depth limits', () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['{"a":[1,{"b":2}]}', 3],
    ['{"a":"[[[[{{{{"}', 1],
    ['{"a":"\\"[[["}', 1],
  ])('measures %s as %i levels', (text, depth) => {
    expect(jsonTextDepth(text)).toBe(depth);
    expect(jsonValueDepth(JSON.parse(text))).toBe(depth);
  });

  it('stops at the limit on 5,000 levels without recursing', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(jsonTextDepth(deep, 100)).toBe(101);
    let v: unknown = 1;
    for (let i = 0; i < 5000; i++) v = [v];
    expect(jsonValueDepth(v, 100)).toBe(101);
  });
});
