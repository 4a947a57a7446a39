// Public API of @lava/errors: the one error base every Lava lib and service extends.
export { LavaError } from './lava-error';
export type { LavaErrorOptions } from './lava-error';
