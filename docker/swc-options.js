'use strict';
// swc's options for compiling Lava's TypeScript to CommonJS, shared by the image build
// (docker/build-service.js) and the CLI bundle (scripts/build-cli.js), so both compile alike:
// legacy decorators with their metadata (NestJS reads it), ES2022, class names kept.
// Every Dockerfile copies the whole build context before running build-service.js, so this file
// is there beside it.

/**
 * The shared options plus what a build adds: `module` fields (e.g. `{ lazy: true }`) merged into
 * the CommonJS module settings, any other field (sourceMaps, swcrc) set at the top level.
 *
 * @example swcOptions({ module: { lazy: true }, sourceMaps: 'inline' })
 */
function swcOptions({ module = {}, ...extra } = {}) {
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      externalHelpers: false,
      keepClassNames: true,
    },
    module: { type: 'commonjs', ...module },
    ...extra,
  };
}

module.exports = { swcOptions };
