// Resolves `@lava/<lib>` to the compiled libs/<lib>/dist/index.js (see scripts/build-cli.js)
// instead of the package's TypeScript entry point. A library that was not compiled (not
// declared as a dependency) still loads, from src through swc's require hook, only slower.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const LIBS = path.join(__dirname, '..', 'libs');
const resolve = Module._resolveFilename;
let fromSource = false;
Module._resolveFilename = function (request, ...rest) {
  if (request.startsWith('@lava/')) {
    const [lib, ...sub] = request.slice('@lava/'.length).split('/');
    const dist = path.join(LIBS, lib, 'dist');
    if (fs.existsSync(dist)) {
      const file = sub.length
        ? path.join(dist, ...sub.slice(sub[0] === 'src' ? 1 : 0))
        : path.join(dist, 'index');
      return resolve.call(this, file, ...rest);
    }
    if (!fromSource) require('./swc-register');
    fromSource = true;
  }
  return resolve.call(this, request, ...rest);
};
