import { splitShellWords } from './shell-words';

describe('splitShellWords', () => {
  it.each([
    ['echo hello world', ['echo', 'hello', 'world']],
    ["sh -c 'echo a; echo b'", ['sh', '-c', 'echo a; echo b']],
    ['a "b c" d', ['a', 'b c', 'd']],
    ['a "say \\"hi\\"" d', ['a', 'say "hi"', 'd']],
    ['a\\ b c', ['a b', 'c']],
    ["x''y", ['xy']],
    ['""', ['']],
    ['  spaced\tout  ', ['spaced', 'out']],
    ['{{ vars.x }}', ['{{', 'vars.x', '}}']],
    ['"{{ vars.x }}"', ['{{ vars.x }}']],
  ])('%s', (line, words) => {
    expect(splitShellWords(line)).toEqual(words);
  });

  it('refuses unterminated quotes', () => {
    expect(() => splitShellWords("echo 'oops")).toThrow('No closing quotation');
    expect(() => splitShellWords('echo "oops')).toThrow('No closing quotation');
  });
});
