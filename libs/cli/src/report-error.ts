import { LavaAwsError } from '@lava/aws';
import { LavaError } from '@lava/core';
import type { CliIO } from './cli-io';
import { CliError, InvalidInputError } from './errors';
import { formatProblems } from './input/validate-records';

/**
 * Print an error for a human and return the exit code. Known errors print their message;
 * anything else also prints its name, since it is a bug or an unexpected AWS failure.
 */
export function reportError(io: CliIO, err: unknown): number {
  if (err instanceof InvalidInputError) {
    io.stderr(`${formatProblems(err.problems)}\nerror: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof CliError) {
    io.stderr(`error: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof LavaAwsError || err instanceof LavaError) {
    io.stderr(`error: ${err.message} [${err.code}]\n`);
    return 1;
  }
  const e = err as { name?: string; message?: string };
  io.stderr(`error: ${e?.name ?? 'Error'}: ${e?.message ?? String(err)}\n`);
  return 1;
}
