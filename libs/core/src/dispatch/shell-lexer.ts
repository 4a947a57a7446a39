import { CORE_ERROR_CODES, LavaError } from '../errors';
/** Error from {@link shellSplit}; the message matches Python's shlex. */
export class ShellLexError extends LavaError {
  override readonly name = 'ShellLexError';
  constructor(message: string) {
    super(CORE_ERROR_CODES.SHELL_SYNTAX, message);
  }
}

const WHITESPACE = ' \t\r\n';

/**
 * Splits one line like Python's `shlex.split(line, comments=True)` in POSIX mode, which the
 * original dispatch helper used: single quotes are literal; inside double quotes a backslash
 * escapes only `"` and `\`; outside quotes a backslash escapes any character; `#` starts a
 * comment even in the middle of a word (`a=b#c` gives `a=b`); `''` gives an empty token.
 *
 * With `comments: false` (Python's `shlex.split(line)` default, used for `cmd`/`exe`/`pkg` command
 * lines) `#` is an ordinary character.
 *
 * @example shellSplit(`job -p "a b"=1 # note`) → ['job', '-p', 'a b=1']
 * @throws ShellLexError `No closing quotation` / `No escaped character`.
 */
export function shellSplit(line: string, options: { comments?: boolean } = {}): string[] {
  const comments = options.comments ?? true;
  const tokens: string[] = [];
  let token: string | undefined;
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (WHITESPACE.includes(c)) {
      if (token !== undefined) tokens.push(token);
      token = undefined;
      i++;
    } else if (c === '#' && comments) {
      break;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellLexError('No closing quotation');
      token = (token ?? '') + line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const [text, next] = readDoubleQuoted(line, i + 1);
      token = (token ?? '') + text;
      i = next;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new ShellLexError('No escaped character');
      token = (token ?? '') + line[i + 1];
      i += 2;
    } else {
      token = (token ?? '') + c;
      i++;
    }
  }
  if (token !== undefined) tokens.push(token);
  return tokens;
}

function readDoubleQuoted(line: string, start: number): [string, number] {
  let out = '';
  let i = start;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === '"') return [out, i + 1];
    if (c === '\\' && i + 1 < line.length && (line[i + 1] === '"' || line[i + 1] === '\\')) {
      out += line[i + 1];
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  throw new ShellLexError('No closing quotation');
}
