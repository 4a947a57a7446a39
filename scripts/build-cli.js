#!/usr/bin/env node
// Compiles the `lava` CLI and the workspace libraries it uses from TypeScript to JavaScript
// (libs/<name>/dist/, same layout as src/), so the command starts without a TypeScript
// compiler in the process. Run by `npm ci`/`npm install` (the root `prepare` script) and by
// libs/cli/bin/lava.js itself when a source file is newer than the build.
//
//   node scripts/build-cli.js           build when stale (prints nothing when up to date)
//   node scripts/build-cli.js --force   always build
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
/** Written last: the source files and their newest mtime, read by the staleness check. */
const MANIFEST = path.join(ROOT, 'libs', 'cli', 'dist', '.build.json');

/** `@lava/cli` and every `@lava/*` package it depends on, transitively. */
function libraries() {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'libs', name, 'package.json'), 'utf8'));
    for (const dep of Object.keys(pkg.dependencies ?? {}))
      if (dep.startsWith('@lava/')) visit(dep.slice('@lava/'.length));
  };
  visit('cli');
  return [...seen].sort();
}

/** Every non-test `.ts` file under `libs/<lib>/src`. */
function sources(lib) {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (
        entry.name.endsWith('.ts') &&
        !/\.(int-|e2e-)?spec\.ts$/.test(entry.name) &&
        !entry.name.endsWith('.d.ts')
      )
        out.push(p);
    }
  };
  walk(path.join(ROOT, 'libs', lib, 'src'));
  return out;
}

/** All source files of the build and the newest modification time among them. */
function inventory() {
  const files = libraries().flatMap(sources);
  const newest = Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
  return { files, newest };
}

/** True when the manifest lists exactly these files and none changed since the build. */
function upToDate() {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  } catch {
    return false;
  }
  const { files, newest } = inventory();
  return (
    manifest.newest >= newest &&
    manifest.files.length === files.length &&
    files.every((f, i) => manifest.files[i] === path.relative(ROOT, f))
  );
}

const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  // Imports of other packages load on first use, so each command loads only what it needs.
  module: { type: 'commonjs', lazy: true },
  sourceMaps: false,
  swcrc: false,
};

/** Compile every library into a fresh temporary dist, then swap it in (concurrent runs are safe). */
function build() {
  const swc = require('@swc/core');
  const { files, newest } = inventory();
  const stamp = `${process.pid}-${Date.now()}`;
  for (const lib of libraries()) {
    const src = path.join(ROOT, 'libs', lib, 'src');
    const tmp = path.join(ROOT, 'libs', lib, `dist.tmp-${stamp}`);
    for (const file of files.filter((f) => f.startsWith(src + path.sep))) {
      const out = path.join(tmp, path.relative(src, file)).replace(/\.ts$/, '.js');
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, swc.transformFileSync(file, SWC_OPTIONS).code);
    }
    const dist = path.join(ROOT, 'libs', lib, 'dist');
    const old = path.join(ROOT, 'libs', lib, `dist.old-${stamp}`);
    if (fs.existsSync(dist)) fs.renameSync(dist, old);
    fs.renameSync(tmp, dist);
    fs.rmSync(old, { recursive: true, force: true });
  }
  fs.writeFileSync(MANIFEST, JSON.stringify({ newest, files: files.map((f) => path.relative(ROOT, f)) }));
  return files.length;
}

module.exports = { build, upToDate, libraries };

if (require.main === module) {
  const force = process.argv.includes('--force');
  if (force || !upToDate()) {
    const started = Date.now();
    const n = build();
    process.stderr.write(`lava CLI: compiled ${n} files in ${Date.now() - started} ms\n`);
  }
}
