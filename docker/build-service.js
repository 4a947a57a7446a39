#!/usr/bin/env node
// Builds one workspace package (a service, or the CLI) into a self-contained directory for a
// container image: its TypeScript and that of every @lava/* package it imports compiled to
// CommonJS with swc (decorator metadata on, as NestJS needs), each package.json's `main`
// rewritten to the compiled file, and exactly the third-party packages the compiled code can
// reach, copied from the installed node_modules tree (so the lockfile's versions, nothing
// else: no dev dependencies, no other service's dependencies).
//
//   node docker/build-service.js <workspace-dir> <out-dir> [--root <repo-root>]
//   node docker/build-service.js services/worker /out
//
// Output layout (mirrors the repo, so Node's resolution works unchanged):
//   <out>/<workspace-dir>/dist/**.js      the package itself (e.g. services/worker/dist/main.js)
//   <out>/node_modules/@lava/<name>/       every @lava/* package it needs, compiled
//   <out>/node_modules/<pkg>/              the production dependency closure
//   <out>/build-manifest.json              what went in, for review and tests
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');
const { swcOptions } = require('./swc-options');

let ROOT = fs.realpathSync(path.resolve(__dirname, '..'));
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;
const SKIP_DIRS = new Set(['node_modules', 'dist']);
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const SWC_OPTIONS = swcOptions({ sourceMaps: true });

function main(argv) {
  const rootAt = argv.indexOf('--root');
  if (rootAt >= 0) {
    ROOT = fs.realpathSync(path.resolve(argv[rootAt + 1] || '.'));
    argv = argv.filter((_, i) => i !== rootAt && i !== rootAt + 1);
  }
  const [workspaceArg, outArg] = argv;
  if (!workspaceArg || !outArg) {
    process.stderr.write('usage: build-service.js <workspace-dir> <out-dir> [--root <repo-root>]\n');
    return 2;
  }
  const manifest = buildImageTree(path.resolve(ROOT, workspaceArg), path.resolve(outArg));
  process.stdout.write(
    `built ${manifest.entry}: ${manifest.workspaces.length} workspace packages, ` +
      `${manifest.externals.length} third-party packages, ${manifest.files} compiled files\n`,
  );
  return 0;
}

/** Compiles `workspaceDir` and its @lava/* closure into `outDir`; returns the manifest. */
function buildImageTree(workspaceDir, outDir) {
  const workspaces = listWorkspaces();
  const start = [...workspaces.values()].find((w) => w.dir === workspaceDir);
  if (!start) throw new Error(`${workspaceDir} is not a workspace of ${ROOT}`);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });

  const placed = new Map(); // workspace name -> output dir
  const externals = new Map(); // source package dir -> output package dir
  const pending = [start];
  let files = 0;
  const outputOf = (w) =>
    w === start ? path.join(outDir, path.relative(ROOT, w.dir)) : path.join(outDir, 'node_modules', w.name);
  while (pending.length) {
    const ws = pending.pop();
    if (placed.has(ws.name)) continue;
    const wsOut = outputOf(ws);
    placed.set(ws.name, wsOut);
    const { specifiers, count } = compileWorkspace(ws, wsOut);
    files += count;
    const declared = Object.keys({ ...ws.pkg.dependencies, ...ws.pkg.optionalDependencies });
    for (const spec of new Set([...specifiers, ...declared])) {
      const name = packageName(spec);
      if (BUILTINS.has(spec) || BUILTINS.has(name)) continue;
      if (workspaces.has(name)) pending.push(workspaces.get(name));
      else collectExternal(name, ws.dir, !declared.includes(name), externals, workspaces, outputOf, outDir);
    }
  }
  for (const [src, dest] of externals) copyPackage(src, dest);
  const manifest = {
    entry: path.relative(ROOT, workspaceDir),
    workspaces: [...placed.keys()].sort(),
    externals: [
      ...new Set([...externals.keys()].map((dir) => readJson(path.join(dir, 'package.json')).name)),
    ].sort(),
    files,
  };
  fs.writeFileSync(path.join(outDir, 'build-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Workspace packages by name, from the root package.json `workspaces` globs (`dir/*` or `dir`). */
function listWorkspaces() {
  const root = readJson(path.join(ROOT, 'package.json'));
  const dirs = root.workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [path.join(ROOT, pattern)];
    const parent = path.join(ROOT, pattern.slice(0, -2));
    return fs.existsSync(parent) ? fs.readdirSync(parent).map((d) => path.join(parent, d)) : [];
  });
  const found = new Map();
  for (const dir of dirs) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = readJson(file);
    found.set(pkg.name, { name: pkg.name, dir, pkg });
  }
  return found;
}

/** Compiles `src/` of one workspace to `<out>/dist`, copies non-TS assets, rewrites package.json. */
function compileWorkspace(ws, wsOut) {
  const swc = require('@swc/core');
  const srcDir = path.join(ws.dir, 'src');
  const specifiers = new Set();
  let count = 0;
  for (const file of walk(srcDir)) {
    const rel = path.relative(srcDir, file);
    const dest = path.join(wsOut, 'dist', rel);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    if (!file.endsWith('.ts') || file.endsWith('.d.ts')) {
      fs.copyFileSync(file, dest);
      continue;
    }
    const jsFile = dest.replace(/\.ts$/, '.js');
    const out = swc.transformFileSync(file, {
      ...SWC_OPTIONS,
      filename: file,
      sourceFileName: path.relative(path.dirname(jsFile), file),
    });
    out.code = compiledDeepImports(out.code);
    fs.writeFileSync(jsFile, `${out.code}\n//# sourceMappingURL=${path.basename(jsFile)}.map\n`);
    if (out.map) fs.writeFileSync(`${jsFile}.map`, out.map);
    for (const spec of requiredSpecifiers(out.code)) specifiers.add(spec);
    count += 1;
  }
  fs.writeFileSync(
    path.join(wsOut, 'package.json'),
    `${JSON.stringify(compiledManifest(ws.pkg), null, 2)}\n`,
  );
  return { specifiers, count };
}

/** The package.json of a compiled workspace: `main` points at dist, no dev fields. */
function compiledManifest(pkg) {
  const main = (pkg.main || 'src/index.ts').replace(/^(\.\/)?src\//, 'dist/').replace(/\.ts$/, '.js');
  const { name, version, dependencies, optionalDependencies } = pkg;
  return { name, version, private: true, main, dependencies, optionalDependencies };
}

/**
 * Deep imports of another workspace's sources (`@lava/aws/src/config/aws-clients`, which the CLI
 * uses to load only what a command needs) point at its compiled tree (`@lava/aws/dist/...`).
 */
function compiledDeepImports(code) {
  return code.replace(/(\brequire\(\s*["']@lava\/[^/"']+\/)src\//g, '$1dist/');
}

/** Literal module specifiers of `require("x")` calls in compiled CommonJS (not relative ones). */
function requiredSpecifiers(code) {
  const specs = [];
  for (const m of code.matchAll(/\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g)) specs.push(m[1]);
  return specs;
}

/** `@scope/name/sub` -> `@scope/name`; `name/sub` -> `name`. */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Adds the package `name` as Node would resolve it from `fromDir`, then its dependencies,
 * optional dependencies and peers, recursively. Missing optional/peer packages are skipped;
 * a missing declared dependency fails the build. `optional` marks names only found by scanning
 * (a `require` inside a try, for instance), which may legitimately be absent.
 */
function collectExternal(name, fromDir, optional, externals, workspaces, outputOf, outDir) {
  const found = resolvePackageDir(name, fromDir);
  if (!found) {
    if (optional) return;
    throw new Error(`cannot resolve dependency "${name}" from ${path.relative(ROOT, fromDir) || '.'}`);
  }
  if (externals.has(found)) return;
  externals.set(found, destinationOf(found, workspaces, outputOf, outDir));
  const pkg = readJson(path.join(found, 'package.json'));
  const required = Object.keys(pkg.dependencies || {});
  // Optional peers (e.g. the transports @nestjs/microservices can load) stay out unless some
  // package in the closure depends on them directly.
  const peerMeta = pkg.peerDependenciesMeta || {};
  const peers = Object.keys(pkg.peerDependencies || {}).filter((p) => !(peerMeta[p] && peerMeta[p].optional));
  const soft = [...Object.keys(pkg.optionalDependencies || {}), ...peers];
  for (const dep of required) {
    if (workspaces.has(dep)) continue;
    collectExternal(
      dep,
      found,
      Boolean(pkg.optionalDependencies && pkg.optionalDependencies[dep]),
      externals,
      workspaces,
      outputOf,
      outDir,
    );
  }
  for (const dep of soft)
    if (!workspaces.has(dep)) collectExternal(dep, found, true, externals, workspaces, outputOf, outDir);
}

/** Node's lookup: `<dir>/node_modules/<name>` from `fromDir` up to the repo root. */
function resolvePackageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return fs.realpathSync(candidate);
    if (dir === ROOT || dir === path.dirname(dir)) return undefined;
  }
}

/** Where a package directory goes: under its workspace's output dir, or the output root. */
function destinationOf(pkgDir, workspaces, outputOf, outDir) {
  for (const ws of workspaces.values()) {
    if (pkgDir.startsWith(`${ws.dir}${path.sep}node_modules${path.sep}`))
      return path.join(outputOf(ws), path.relative(ws.dir, pkgDir));
  }
  return path.join(outDir, path.relative(ROOT, pkgDir));
}

/** Copies a package without its nested node_modules (those are collected on their own). */
function copyPackage(src, dest) {
  fs.cpSync(src, dest, {
    recursive: true,
    dereference: true,
    filter: (p) => p === src || !path.relative(src, p).split(path.sep).includes('node_modules'),
  });
}

function* walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* walk(full);
    } else if (!TEST_FILE.test(entry.name)) {
      yield full;
    }
  }
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

module.exports = { buildImageTree, requiredSpecifiers, packageName, compiledDeepImports };

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`build-service: ${err.message}\n`);
    process.exitCode = 1;
  }
}
