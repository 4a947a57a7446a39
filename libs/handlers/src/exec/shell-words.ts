/**
 * Splits a command line with POSIX shell quoting rules (no expansion): single quotes are
 * literal, double quotes allow backslash escapes of `"`, `\`, `$` and `` ` ``, a bare backslash
 * escapes the next character. Throws on an unterminated quote.
 */
export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const push = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      push();
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new SyntaxError('No closing quotation');
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      [word, i] = readDoubleQuoted(line, i + 1, word);
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new SyntaxError('No escaped character');
      word += line[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  push();
  return words;
}

function readDoubleQuoted(line: string, start: number, word: string): [string, number] {
  let i = start;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '"') return [word, i + 1];
    if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
      word += line[i + 1];
      i += 2;
    } else {
      word += c;
      i++;
    }
  }
  throw new SyntaxError('No closing quotation');
}
