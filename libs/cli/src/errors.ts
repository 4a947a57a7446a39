import { LavaError } from '@lava/errors';
/** Typed errors of the `lava` CLI; `exitCode` is what the process returns. */
export class CliError extends LavaError {
  override readonly name: string = 'CliError';
  constructor(
    code: string,
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Bad arguments or missing configuration (exit 2, like commander's own usage errors). */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super('CLI_USAGE', message, 2);
  }
}

/** One problem found in an input file. */
export interface FileProblem {
  file: string;
  /** `job etl/load`, `record 2`... */
  record: string;
  /** JSON pointer inside the record; `""` for the record or the file itself. */
  path: string;
  message: string;
}

/** Input files failed to load or validate; nothing was written. */
export class InvalidInputError extends CliError {
  override readonly name = 'InvalidInputError';
  constructor(readonly problems: FileProblem[]) {
    super('CLI_INVALID_INPUT', `${problems.length} problem(s) found; nothing was written`, 1);
  }
}

/** A record asked for does not exist. */
export class NotFoundError extends CliError {
  override readonly name = 'NotFoundError';
  constructor(kind: string, id: string) {
    super('CLI_NOT_FOUND', `No such ${kind}: ${id}`, 1);
  }
}

/** A dag source that cannot become a dag: empty, a cycle, an unreadable or unsupported source. */
export class InvalidDagError extends CliError {
  override readonly name = 'InvalidDagError';
  constructor(message: string) {
    super('CLI_INVALID_DAG', message, 1);
  }
}
