// Lints fixture texts as if each were the file it names (relative to the repository root) with
// the repository's ESLint config. Reads `[{ code, filePath }]` as JSON on stdin and prints the
// messages of each as JSON. Runs in its own process: jest's sandbox cannot load the ESM config.
import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });
const out = [];
for (const { code, filePath } of JSON.parse(readFileSync(0, 'utf8'))) {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  out.push((result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`));
}
process.stdout.write(JSON.stringify(out));
