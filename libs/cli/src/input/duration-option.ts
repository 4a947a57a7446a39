import { parseDuration } from '@lava/core';
import { UsageError } from '../errors';

/** A Lava duration option (`90s`, `5m`, `0.5s`) in seconds; a usage error (exit 2) names the option. */
export function durationOption(raw: string, option: string, { min = 0 }: { min?: number } = {}): number {
  let seconds: number;
  try {
    seconds = parseDuration(raw);
  } catch (err) {
    throw new UsageError(`Bad ${option}: ${(err as Error).message}`);
  }
  if (seconds < min) throw new UsageError(`Bad ${option}: ${raw}: must be at least ${min}s`);
  return seconds;
}
