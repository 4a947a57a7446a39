import { LavaAwsError } from './aws';
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
  const e = err as { name?: string; message?: string; code?: string };
  io.stderr(`error: ${e?.name ?? 'Error'}: ${e?.message ?? String(err)}${hint(e)}\n`);
  return 1;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN']);

/** The usual fix for the two most common environment mistakes. */
function hint(e: { name?: string; code?: string; message?: string }): string {
  // The SDK wraps socket errors ("AWS SDK error wrapper for Error: connect ECONNREFUSED ...").
  const network = [...NETWORK_CODES].some((c) => e.code === c || e.message?.includes(c));
  if (network) return ' (cannot reach AWS: check --endpoint / AWS_ENDPOINT_URL and --region)';
  if (e.name === 'CredentialsProviderError')
    return ' (no AWS credentials: set a profile or AWS_ACCESS_KEY_ID, or use a local --endpoint)';
  return '';
}
