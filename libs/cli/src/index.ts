/** `@lava/cli`: the `lava` command, runnable in-process for tests and scripts. */
export { buildProgram, runCli } from './cli';
export { CliContext } from './cli-context';
export type { GlobalOptions } from './cli-context';
export { memoryIO, processIO } from './cli-io';
export type { CliIO, MemoryIO } from './cli-io';
export * from './errors';
export { loadRecordFiles } from './input/load-records';
export type { LoadedRecord, RecordLoadResult } from './input/load-records';
export { parseRecords } from './input/parse-records';
export { formatProblems, validateRecords } from './input/validate-records';
export { validateJobRecord } from './input/job-checks';
export { maskSecrets, MASK } from './output/mask';
