import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The error convention, checked over every production source file: an error class extends
 * `LavaError` (directly or through a lib's own base) and its name ends in `Error`. Only
 * `LavaError` itself extends the built-in `Error`.
 */
const root = join(__dirname, '../../..');
const files = execFileSync(
  'git',
  ['ls-files', 'libs/*.ts', 'services/*.ts', 'deploy/*.ts', 'scripts/*.ts', 'test/*.ts'],
  { cwd: root, encoding: 'utf8' },
)
  .split('\n')
  .filter((f) => f && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(f) && !f.includes('/node_modules/'));

const CLASS_RE = /^export (?:abstract )?class (\w+) extends (\w+)\b/gm;

function errorClasses(): Array<{ file: string; name: string; base: string }> {
  const found: Array<{ file: string; name: string; base: string }> = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(CLASS_RE)) found.push({ file, name: m[1] as string, base: m[2] as string });
  }
  // Error classes: those extending Error, LavaError, or (transitively) another error class.
  const names = new Set(['Error', 'LavaError']);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of found) {
      if (names.has(c.base) && !names.has(c.name)) {
        names.add(c.name);
        grew = true;
      }
    }
  }
  return found.filter((c) => names.has(c.base));
}

describe('error classes', () => {
  const classes = errorClasses();

  it('finds the error classes of the repository', () => {
    expect(classes.length).toBeGreaterThan(40);
    expect(classes).toContainEqual({
      file: 'libs/core/src/errors.ts',
      name: 'ValidationError',
      base: 'LavaError',
    });
  });

  it('extend LavaError, never the built-in Error', () => {
    expect(classes.filter((c) => c.base === 'Error' && c.name !== 'LavaError')).toEqual([]);
  });

  it('have names ending in Error', () => {
    expect(classes.filter((c) => !c.name.endsWith('Error'))).toEqual([]);
  });
});
