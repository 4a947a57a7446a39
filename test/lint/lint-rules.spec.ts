import { execFile } from 'node:child_process';
import { join } from 'node:path';

/**
 * The lint rules that keep the layering honest, run through ESLint's Node API on fixture text
 * linted as if it were a file of a domain lib (`libs/core`, `libs/scheduling`) or of the infra
 * lib that adapts the SDK (`libs/aws`). A rule that stopped firing would let the layering erode
 * silently.
 */
const SQS_IMPORT =
  "import { SQSClient } from '@aws-sdk/client-sqs';\n\nexport const client = new SQSClient({});\n";
const NEST_IMPORT = "import { Injectable } from '@nestjs/common';\n\n@Injectable()\nexport class Thing {}\n";
const PARTIAL_SWITCH = [
  "export function label(s: 'a' | 'b'): string {",
  '  switch (s) {',
  "    case 'a':",
  "      return 'A';",
  '  }',
  "  return '?';",
  '}',
  '',
].join('\n');

const FIXTURES = [
  { code: SQS_IMPORT, filePath: 'libs/core/src/index.ts' },
  { code: NEST_IMPORT, filePath: 'libs/scheduling/src/index.ts' },
  { code: SQS_IMPORT, filePath: 'libs/aws/src/index.ts' },
  { code: PARTIAL_SWITCH, filePath: 'libs/core/src/index.ts' },
];

/** Lints every fixture in one ESLint process (building the type-aware program once). */
function lintFixtures(): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [join(__dirname, 'lint-text.mjs')],
      { maxBuffer: 1 << 20 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as string[][]),
    );
    child.stdin?.end(JSON.stringify(FIXTURES));
  });
}

describe('lint rules', () => {
  let results: string[][] = [];
  beforeAll(async () => {
    results = await lintFixtures();
  }, 600_000);

  it('refuses @aws-sdk/client-sqs in a domain lib', () => {
    expect(results[0]).toContainEqual(
      expect.stringMatching(/^no-restricted-imports: .*may not use the AWS SDK/),
    );
  });

  it('refuses @nestjs/* in a domain lib', () => {
    expect(results[1]).toContainEqual(expect.stringMatching(/^no-restricted-imports: .*may not use NestJS/));
  });

  it('allows the AWS SDK in the infra lib that adapts it', () => {
    expect(results[2]?.filter((m) => m.startsWith('no-restricted-imports'))).toEqual([]);
  });

  it('refuses a switch that misses a member of a union', () => {
    expect(results[3]).toContainEqual(
      expect.stringMatching(/^@typescript-eslint\/switch-exhaustiveness-check:/),
    );
  });
});
