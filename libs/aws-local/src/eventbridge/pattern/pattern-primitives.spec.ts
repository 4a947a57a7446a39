import { cidrContains, parseCidr, parseIp } from './cidr';
import { EventPatternError } from './pattern-error';
import { parseEventPattern } from './pattern-validator';
import { parseWildcard, wildcardMatches } from './wildcard';
import { compileEventPattern, normalizeEvent } from './index';

const reason = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof EventPatternError) return e.reason;
    throw e;
  }
  return 'no error';
};

describe('wildcard', () => {
  it.each([
    ['a*', 'a', true],
    ['a*', 'abc', true],
    ['*', '', true],
    ['*b*', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['a*a', 'a', false],
    ['ab*ba', 'aba', false],
    ['\\*literal', '*literal', true],
    ['\\*literal', 'xliteral', false],
    ['back\\\\slash*', 'back\\slash-x', true],
  ])('%s vs %s → %s', (pattern, value, expected) => {
    expect(wildcardMatches(parseWildcard(pattern), value)).toBe(expected);
  });

  it('refuses bad escapes and consecutive stars, but not an escaped star before a star', () => {
    expect(reason(() => parseWildcard('a\\b'))).toBe('Invalid escape character at pos 1');
    expect(reason(() => parseWildcard('ab**'))).toBe('Consecutive wildcard characters at pos 3');
    expect(reason(() => parseWildcard('a\\**'))).toBe('no error');
    expect(reason(() => parseWildcard('a\\\\**'))).toBe('Consecutive wildcard characters at pos 4');
  });

  it('accepts the ARN pattern AWS accepts and refuses the one it calls too complex', () => {
    expect(reason(() => parseWildcard('arn:aws:events:us-east-1:*:event-bus/*'))).toBe('no error');
    expect(reason(() => parseWildcard('a*b*c*d*e*'))).toBe('no error');
    expect(reason(() => parseWildcard('*:*:*:*:*:event-bus/*'))).toMatch(/^Rule is too complex/);
  });
});

describe('cidr', () => {
  it.each([
    ['10.0.0.0/8', '10.255.1.2', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['192.168.1.0/31', '192.168.1.1', true],
    ['192.168.1.0/31', '192.168.1.2', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['10.0.0.1/32', '10.0.0.1', true],
    ['::/0', '::1', true],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['::ffff:0:0/96', '::ffff:10.1.2.3', true],
    ['10.0.0.0/8', '::ffff:10.1.2.3', false],
    ['10.0.0.0/8', '10.0.0', false],
    ['10.0.0.0/8', '10.0.0.0.1', false],
  ])('%s contains %s → %s', (cidr, ip, expected) => {
    expect(cidrContains(parseCidr(cidr), ip)).toBe(expected);
  });

  it('parses IPv6 compression forms', () => {
    expect(parseIp('1::')).toBeDefined();
    expect(parseIp('::')).toBeDefined();
    expect(parseIp('1:2:3:4:5:6:7:8')).toBeDefined();
    expect(parseIp('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(parseIp('1::2::3')).toBeUndefined();
    expect(parseIp('12345::')).toBeUndefined();
  });

  it('refuses a mask longer than the address', () => {
    expect(reason(() => parseCidr('10.0.0.0/33'))).toBe('Malformed CIDR, mask bits must be an integer');
  });
});

describe('pattern structure', () => {
  it.each([
    ['not JSON', '{"a":', /JSON|Unexpected|end/],
    ['array', '[1]', /^Filter is not an object$/],
    ['string', '"x"', /^Filter is not an object$/],
    ['empty object', '{}', /^Empty objects are not allowed$/],
    ['nested empty object', '{"a":{}}', /^Empty objects are not allowed$/],
    ['nested array value', '{"a":[["x"]]}', /^Match value must be String, number, true, false, or null$/],
    [
      'two keys in a matcher',
      '{"a":[{"prefix":"x","suffix":"y"}]}',
      /^Only one key allowed in match expression$/,
    ],
    [
      'exists not boolean',
      '{"a":[{"exists":"true"}]}',
      /^exists match pattern must be either true or false\.$/,
    ],
    ['unknown numeric operator', '{"a":[{"numeric":["!=",1]}]}', /^Unrecognized numeric range operator: !=$/],
    [
      'numeric range reversed',
      '{"a":[{"numeric":["<",1,">",0]}]}',
      /^Too many elements in numeric expression$/,
    ],
    ['numeric empty', '{"a":[{"numeric":[]}]}', /^Invalid member in numeric match: ]$/],
    ['numeric operand missing for =', '{"a":[{"numeric":["="]}]}', /^Value of equals must be numeric$/],
    ['numeric operator not a string', '{"a":[{"numeric":[5]}]}', /^Invalid member in numeric match: 5$/],
    [
      'numeric second operator not a string',
      '{"a":[{"numeric":[">",1,2,3]}]}',
      /^Bad value in numeric range: 2$/,
    ],
    ['$or branch not an object', '{"$or":[{"a":["x"]},"b"]}', /^Filter is not an object$/],
    [
      'anything-but unknown form',
      '{"a":[{"anything-but":{"numeric":[">",1]}}]}',
      /^Unsupported anything-but pattern: numeric$/,
    ],
    ['anything-but boolean', '{"a":[{"anything-but":true}]}', /^Value of anything-but must be an array/],
  ])('refuses %s', (_label, text, expected) => {
    expect(reason(() => parseEventPattern(text))).toMatch(expected);
  });

  it('merges a dotted key with its nested spelling', () => {
    const node = parseEventPattern('{"a.b":["x"],"a":{"c":["y"]}}');
    expect(node.fields).toHaveLength(1);
    const match = compileEventPattern('{"a.b":["x"],"a":{"c":["y"]}}');
    expect(match({ a: { b: 'x', c: 'y' } })).toBe(true);
    expect(match({ a: { b: 'x', c: 'z' } })).toBe(false);
  });

  it('matches prototype-named keys only when present', () => {
    const match = compileEventPattern('{"constructor":[{"exists":true}]}');
    expect(match({})).toBe(false);
    expect(match({ constructor: 'x' })).toBe(true);
  });

  it('matches nested event arrays and $or inside arrays of objects', () => {
    const match = compileEventPattern('{"items":{"$or":[{"k":["a"]},{"v":[{"numeric":[">",5]}]}]}}');
    expect(
      match({
        items: [
          { k: 'b', v: 1 },
          { k: 'c', v: 9 },
        ],
      }),
    ).toBe(true);
    expect(match({ items: [{ k: 'b', v: 1 }] })).toBe(false);
    expect(compileEventPattern('{"x":["a"]}')({ x: [['b', ['a']]] })).toBe(true);
  });

  it('treats null as present and an object as no leaf', () => {
    expect(compileEventPattern('{"x":[{"exists":true}]}')({ x: null })).toBe(true);
    expect(compileEventPattern('{"x":[{"exists":false}]}')({ x: { y: 1 } })).toBe(true);
    expect(compileEventPattern('{"x":[{"anything-but":"a"}]}')({ x: { y: 1 } })).toBe(false);
  });

  it('anything-but on an event array matches when some element is not excluded', () => {
    const match = compileEventPattern('{"x":[{"anything-but":["a"]}]}');
    expect(match({ x: ['a', 'b'] })).toBe(true);
    expect(match({ x: ['a'] })).toBe(false);
  });

  it('equals-ignore-case folds Unicode case', () => {
    expect(compileEventPattern('{"x":[{"equals-ignore-case":"STRASSE"}]}')({ x: 'straße' })).toBe(true);
    expect(compileEventPattern('{"x":[{"equals-ignore-case":"ÉTÉ"}]}')({ x: 'été' })).toBe(true);
  });
});

describe('normalizeEvent', () => {
  it('returns the same object when no key has a dot', () => {
    const event = { a: { b: [1, { c: 2 }] } };
    expect(normalizeEvent(event)).toBe(event);
  });

  it('expands dotted keys and merges them with nested spellings', () => {
    expect(normalizeEvent({ 'a.b': 1, a: { c: 2 } })).toEqual({ a: { b: 1, c: 2 } });
    expect(normalizeEvent({ a: { b: 1 }, 'a.b': 2 })).toEqual({ a: { b: [1, 2] } });
    expect(normalizeEvent({ list: [{ 'x.y': 1 }] })).toEqual({ list: [{ x: { y: 1 } }] });
  });
});
