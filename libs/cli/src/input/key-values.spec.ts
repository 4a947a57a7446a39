import { UsageError } from '../errors';
import { collect, parseKeyValues } from './key-values';

describe('parseKeyValues', () => {
  it('splits at the first "=" without dotted expansion; the last repeat wins', () => {
    expect(parseKeyValues(['a=1', 'b.c=x=y', 'a=2', 'e='], '-p')).toEqual({ a: '2', 'b.c': 'x=y', e: '' });
  });

  it.each(['novalue', '=x'])('rejects %j', (pair) => {
    expect(() => parseKeyValues([pair], '-p')).toThrow(UsageError);
    expect(() => parseKeyValues([pair], '-p')).toThrow(`Bad -p value "${pair}": expected KEY=VALUE`);
  });

  it('collects repeated options in order', () => {
    expect(collect('b', collect('a'))).toEqual(['a', 'b']);
  });
});
