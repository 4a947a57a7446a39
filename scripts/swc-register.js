// Registers swc's require hook with the repository's tsconfig (decorator metadata on), whatever
// the working directory: @swc-node/register otherwise looks for ./tsconfig.json in the cwd.
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
