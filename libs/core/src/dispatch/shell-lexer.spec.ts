import { shellSplit } from './shell-lexer';

describe('shellSplit (POSIX shlex with comments)', () => {
  it.each<[string, string[]]>([
    ['etl/load -p day=1', ['etl/load', '-p', 'day=1']],
    ['  a   b\tc  ', ['a', 'b', 'c']],
    [`a 'b c' "d e"`, ['a', 'b c', 'd e']],
    [`a=b#c`, ['a=b']],
    [`a # comment`, ['a']],
    [`# only a comment`, []],
    [``, []],
    [`x "# not a comment"`, ['x', '# not a comment']],
    [`x '#literal'`, ['x', '#literal']],
    [`a\\ b`, ['a b']],
    [`a\\#b`, ['a#b']],
    [`"say \\"hi\\""`, ['say "hi"']],
    [`"back\\\\slash"`, ['back\\slash']],
    [`"keep \\n"`, ['keep \\n']],
    [`'single \\ stays'`, ['single \\ stays']],
    [`a"b c"d`, ['ab cd']],
    [`-p src='s3://x/y'`, ['-p', 'src=s3://x/y']],
    [`''`, ['']],
    [`a '' b`, ['a', '', 'b']],
  ])('%s', (line, tokens) => {
    expect(shellSplit(line)).toEqual(tokens);
  });

  it.each([
    [`a 'b`, 'No closing quotation'],
    [`a "b`, 'No closing quotation'],
    [`a \\`, 'No escaped character'],
  ])('rejects %s', (line, message) => {
    expect(() => shellSplit(line)).toThrow(message);
  });
});

describe('shellSplit without comments (command lines of cmd, exe, pkg)', () => {
  it.each([
    ['echo a#b # c', ['echo', 'a#b', '#', 'c']],
    ["sh -c 'echo a; echo b'", ['sh', '-c', 'echo a; echo b']],
    ['{{ vars.x }}', ['{{', 'vars.x', '}}']],
    ['"{{ vars.x }}"', ['{{ vars.x }}']],
  ])('%s', (line, tokens) => {
    expect(shellSplit(line, { comments: false })).toEqual(tokens);
  });
});
