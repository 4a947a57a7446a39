// Public API of @lava/errors: the one error base every Lava lib and service extends, and
// `pollUntil` (with its timeout error), which the AWS adapters, the local AWS endpoint's test
// helpers and the shared test fixtures all use: this dependency-free lib is the lowest that
// each of them may import (type:util).
export { LavaError } from './lava-error';
export type { LavaErrorOptions } from './lava-error';
export { pollUntil, PollTimeoutError } from './poll-until';
export type { PollOptions } from './poll-until';
