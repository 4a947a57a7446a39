#!/usr/bin/env node
// Bundles the `lava` CLI, with the workspace libraries it imports, into one JavaScript file
// (libs/cli/dist/lava.js), so a call reads one file instead of resolving some sixty modules and
// no TypeScript compiler loads. Run by `npm ci`/`npm install` (the root `prepare` script), by
// jest before any test tier (test/jest/global-setup.js), and by libs/cli/bin/lava.js in a
// checkout when the freshness check below says a source changed since.
//
// Each TypeScript file is compiled by swc to CommonJS with lazy imports of packages (the same
// transform the services use, decorator metadata included), then esbuild bundles the result:
// every module becomes a function that runs on its first `require`, so a package import
// (`@lava/aws/...`, `@lava/operations`, an SDK client) runs only when a command touches it.
// `lava --help` evaluates the command table and commander, nothing else. Third-party packages
// other than the few the command table needs stay in node_modules and load from there on use.
//
//   node scripts/build-cli.js           build when stale (prints nothing when up to date)
//   node scripts/build-cli.js --force   always build
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'libs', 'cli');
const DIST = path.join(CLI, 'dist');
/** Written last: the bundle's input files (relative to ROOT) and the newest mtime among them. */
const STAMP = path.join(DIST, '.build.json');
/** Packages inlined because `lava --help` needs them anyway (one file read instead of many). */
const INLINED = new Set(['commander']);
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const SWC_OPTIONS_FILE = require.resolve('../docker/swc-options');
const SWC_OPTIONS = require(SWC_OPTIONS_FILE).swcOptions({
  module: { lazy: true },
  sourceMaps: 'inline',
  swcrc: false,
});

/**
 * True when the stamp exists and no input of the bundle changed since it was built. Only the
 * inputs esbuild reported are checked (no directory walk): a new source file can only enter the
 * bundle through an edit to a file that is already an input.
 */
function upToDate(stamp = readStamp()) {
  if (!stamp) return false;
  try {
    return stamp.inputs.every((f) => fs.statSync(path.join(ROOT, f)).mtimeMs <= stamp.newest);
  } catch {
    return false; // an input was removed or renamed
  }
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, 'utf8'));
  } catch {
    return undefined;
  }
}

/** swc for every TypeScript file esbuild loads; outputs are kept for the second pass. */
function swcPlugin(compiled) {
  return {
    name: 'swc',
    setup(build) {
      const swc = require('@swc/core');
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        let code = compiled.get(args.path);
        if (code === undefined) {
          code = (await swc.transformFile(args.path, { ...SWC_OPTIONS, filename: args.path })).code;
          compiled.set(args.path, code);
        }
        return { contents: code, loader: 'js' };
      });
    },
  };
}

/** `@lava/aws/src/x` -> { pkg: 'aws', sub: 'src/x' }; undefined for anything else. */
function lavaSpecifier(request) {
  const m = /^@lava\/([^/]+)(?:\/(.*))?$/.exec(request);
  return m ? { pkg: m[1], sub: m[2] ?? '' } : undefined;
}

/** The workspace package a source file belongs to (`libs/<pkg>/...`), if any. */
function packageOf(file) {
  const rel = path.relative(path.join(ROOT, 'libs'), file).split(path.sep);
  return rel.length > 1 && rel[0] !== '..' && !rel.includes('node_modules') ? rel[0] : undefined;
}

/**
 * Resolution for both passes. A third-party package stays external when `require` from the
 * bundle's directory finds the same file the importing source would (hoisted to the root
 * node_modules); a package only a library's own node_modules holds is inlined, since the bundle
 * could not find it at run time. In the split pass, an import of another `@lava/*` package
 * becomes a small module that asks that package's bundle (`lava-<pkg>.js`) for the module, so
 * every module exists exactly once however many bundles use it.
 */
function resolvePlugin({ split, seen }) {
  return {
    name: 'lava-resolve',
    setup(build) {
      build.onResolve({ filter: /.*/, namespace: 'lava-ref' }, (args) => ({
        path: args.path,
        external: true,
      }));
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (BUILTINS.has(args.path)) return { external: true };
        const lava = lavaSpecifier(args.path);
        if (lava) {
          seen?.add(args.path);
          const from = args.namespace === 'lava-entry' ? args.pluginData.pkg : packageOf(args.importer);
          if (!split || lava.pkg === from) return undefined;
          return { path: args.path, namespace: 'lava-ref', pluginData: lava };
        }
        const name = args.path.startsWith('@')
          ? args.path.split('/').slice(0, 2).join('/')
          : args.path.split('/')[0];
        if (INLINED.has(name) || !args.resolveDir) return undefined;
        const fromSource = tryResolve(args.path, args.resolveDir);
        return fromSource && fromSource === tryResolve(args.path, DIST) ? { external: true } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'lava-ref' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(`./lava-${args.pluginData.pkg}.js`)})(${JSON.stringify(args.pluginData.sub)});`,
        loader: 'js',
      }));
    },
  };
}

function tryResolve(request, dir) {
  try {
    return require.resolve(request, { paths: [dir] });
  } catch {
    return undefined;
  }
}

/** One bundle per `@lava/*` package: a function from a subpath ('' for the index) to its module. */
function packageEntryPlugin(subsByPkg) {
  return {
    name: 'lava-entry',
    setup(build) {
      build.onResolve({ filter: /^lava-entry:/ }, (args) => {
        const pkg = args.path.slice('lava-entry:'.length);
        return { path: pkg, namespace: 'lava-entry', pluginData: { pkg } };
      });
      build.onLoad({ filter: /.*/, namespace: 'lava-entry' }, (args) => {
        const subs = [...subsByPkg.get(args.path)].sort();
        const table = subs.map((sub) => {
          const spec = JSON.stringify(sub ? `@lava/${args.path}/${sub}` : `@lava/${args.path}`);
          return `  ${JSON.stringify(sub)}: () => require(${spec}),`;
        });
        return {
          contents: `const modules = {\n${table.join('\n')}\n};\nmodule.exports = (sub) => modules[sub]();\n`,
          loader: 'js',
          resolveDir: ROOT,
          pluginData: { pkg: args.path },
        };
      });
    },
  };
}

const COMMON = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  keepNames: true,
  logLevel: 'warning',
};

/**
 * Two esbuild passes over the same swc output. The first bundles everything into memory to
 * learn which `@lava/*` modules are imported across package lines; the second writes the CLI's
 * own bundle (lava.js: its commands, commander) and one bundle per library, so a command reads
 * only the libraries it uses: `lava --help` parses a fifth of the code it would in one file.
 */
async function build() {
  const esbuild = require('esbuild');
  const compiled = new Map();
  const seen = new Set();
  const main = path.join(CLI, 'src', 'cli.ts');
  const discovery = await esbuild.build({
    ...COMMON,
    entryPoints: [main],
    write: false,
    outfile: path.join(DIST, 'lava.js'),
    metafile: true,
    plugins: [swcPlugin(compiled), resolvePlugin({ split: false, seen })],
  });
  const subsByPkg = new Map();
  for (const spec of seen) {
    const { pkg, sub } = lavaSpecifier(spec);
    if (!subsByPkg.has(pkg)) subsByPkg.set(pkg, new Set());
    subsByPkg.get(pkg).add(sub);
  }
  const tmp = path.join(CLI, `dist.tmp-${process.pid}-${Date.now()}`);
  const split = await esbuild.build({
    ...COMMON,
    entryPoints: [
      { in: main, out: 'lava' },
      ...[...subsByPkg.keys()].map((pkg) => ({ in: `lava-entry:${pkg}`, out: `lava-${pkg}` })),
    ],
    outdir: tmp,
    sourcemap: 'linked',
    minifyWhitespace: true,
    metafile: true,
    plugins: [packageEntryPlugin(subsByPkg), swcPlugin(compiled), resolvePlugin({ split: true })],
  });
  const inputs = [
    ...Object.keys(discovery.metafile.inputs).filter((f) => !f.includes('node_modules')),
    path.relative(ROOT, __filename),
    path.relative(ROOT, SWC_OPTIONS_FILE),
    'package-lock.json',
  ].sort();
  const newest = Math.max(...inputs.map((f) => fs.statSync(path.join(ROOT, f)).mtimeMs));
  fs.writeFileSync(
    path.join(tmp, '.build.json'),
    JSON.stringify({ newest, inputs, bundles: inputsByBundle(split.metafile, inputs) }),
  );
  fs.writeFileSync(path.join(tmp, 'meta.json'), JSON.stringify(split.metafile));
  const old = path.join(CLI, `dist.old-${process.pid}-${Date.now()}`);
  try {
    fs.renameSync(DIST, old);
  } catch (err) {
    if (err.code !== 'ENOENT') throw err; // first build, or another build moved it first
  }
  try {
    fs.renameSync(tmp, DIST);
  } catch (err) {
    // Another build swapped its bundle in between the two renames; it is as fresh as ours.
    if (!fs.existsSync(DIST)) throw err;
  }
  for (const dir of [old, tmp]) fs.rmSync(dir, { recursive: true, force: true });
  return inputs.length;
}

/**
 * For each bundle file, the positions in `inputs` of the sources it was built from, and of the
 * inputs every bundle shares (this script, the lock file). The launcher checks only these for an
 * answer that loaded only some bundles (`lava --help` loads lava.js alone).
 */
function inputsByBundle(metafile, inputs) {
  const position = new Map(inputs.map((f, i) => [f, i]));
  const shared = [path.relative(ROOT, __filename), 'package-lock.json'].map((f) => position.get(f));
  const bundles = {};
  for (const [out, { inputs: used }] of Object.entries(metafile.outputs)) {
    if (!out.endsWith('.js')) continue;
    const own = Object.keys(used)
      .map((f) => position.get(f))
      .filter((i) => i !== undefined);
    bundles[path.basename(out)] = [...new Set([...own, ...shared])].sort((a, b) => a - b);
  }
  return bundles;
}

module.exports = { build, upToDate, BUNDLE: path.join(DIST, 'lava.js') };

if (require.main === module) {
  if (process.argv.includes('--force') || !upToDate()) {
    const started = Date.now();
    build().then(
      (n) => process.stderr.write(`lava CLI: bundled ${n} files in ${Date.now() - started} ms\n`),
      (err) => {
        process.stderr.write(`lava CLI: build failed: ${err.message}\n`);
        process.exitCode = 1;
      },
    );
  }
}
