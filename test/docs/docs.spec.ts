import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { validateConnection } from '@lava/core';
import YAML from 'yaml';
import { validateJobRecord } from '@lava/cli';

const ROOT = resolve(__dirname, '..', '..');

function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
    );
  return ['README.md', ...walk('docs')];
}

/** GitHub-style heading anchors of a markdown file. */
function anchors(file: string): Set<string> {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return new Set(
    [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\w\- ]/g, '')
        .replace(/ /g, '-'),
    ),
  );
}

/** Patterns that cite documents kept outside the repository (design notes, the reference). */
const OUTSIDE_DOCUMENT =
  /DESIGN\.md|STYLE\.md|lava-(core|jobs-connectors)\.md|aws-local-semantics\.md|shared\/reference|§\s?\d|\breference \d+\.\d/g;

/** Tracked sources, scripts and build files (git ls-files: no node_modules, no build output). */
const SOURCE_PATTERNS = ['*.ts', '*.js', '*.mjs', '*.cjs', '*.sh', '*Dockerfile', '*.yml'];
function sourceFiles(): string[] {
  return execFileSync('git', ['ls-files', ...SOURCE_PATTERNS], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && !f.endsWith('test/docs/docs.spec.ts'));
}

describe('code comments', () => {
  it('refer to no document outside the repository', () => {
    const outside = sourceFiles().flatMap((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(OUTSIDE_DOCUMENT)].map((m) => `${file}: ${m[0]}`),
    );
    expect(outside).toEqual([]);
  });
});

describe('user documentation (docs/ and README.md)', () => {
  const files = markdownFiles();

  it('every relative link resolves to a file (and heading) in the repository', () => {
    const broken: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue;
        const [path, anchor] = target!.split('#');
        const linked = path ? join(dirname(file), path) : file;
        if (!existsSync(join(ROOT, linked))) broken.push(`${file}: ${target} (no such file)`);
        else if (anchor && linked.endsWith('.md') && !anchors(linked).has(anchor))
          broken.push(`${file}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('refers to no document outside the repository', () => {
    const outside = files.flatMap((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(OUTSIDE_DOCUMENT)].map((m) => `${file}: ${m[0]}`),
    );
    expect(outside).toEqual([]);
  });

  it('every example job and connection in the docs validates as lava job validate / connection put check them', () => {
    const checked: string[] = [];
    const problems: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const [, block] of text.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
        const records = YAML.parseAllDocuments(block!).flatMap((d) => {
          const v = d.toJSON() as unknown;
          return Array.isArray(v) ? v : [v];
        });
        for (const r of records as Array<Record<string, unknown>>) {
          try {
            if (r && typeof r === 'object' && 'job_id' in r && 'type' in r)
              validateJobRecord(r, { strict: true });
            else if (r && typeof r === 'object' && 'conn_id' in r && 'type' in r)
              validateConnection(r, { strict: true });
            else continue;
            checked.push(`${file}: ${String(r.job_id ?? r.conn_id)}`);
          } catch (err) {
            problems.push(`${file}: ${(err as Error).message}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toEqual(
      expect.arrayContaining([
        'docs/getting-started.md: tutorial/hello',
        'docs/getting-started.md: tutorial/report',
        'docs/getting-started.md: tutorial/db',
      ]),
    );
  });

  it('the generated reference pages are up to date (npm run docs:reference)', () => {
    // Throws (with the script's message naming the stale page) when a page differs from the schemas.
    execFileSync(process.execPath, ['scripts/run-ts.js', 'scripts/docs-reference.ts', '--check'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  }, 60_000);
});
