// Resolves `@lava/<lib>` to the compiled libs/<lib>/dist/index.js (see scripts/build-cli.js)
// instead of the package's TypeScript entry point.
const Module = require('node:module');
const path = require('node:path');

const LIBS = path.join(__dirname, '..', 'libs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request.startsWith('@lava/')) {
    const [lib, ...sub] = request.slice('@lava/'.length).split('/');
    const file = sub.length
      ? path.join(LIBS, lib, 'dist', ...sub.slice(sub[0] === 'src' ? 1 : 0))
      : path.join(LIBS, lib, 'dist', 'index');
    return resolve.call(this, file, ...rest);
  }
  return resolve.call(this, request, ...rest);
};
