import { ORCHESTRATION_MODES } from '@lava/core';
import { BadParametersError } from '../errors';

export type OrchestrationMode = (typeof ORCHESTRATION_MODES)[number];

/** `parameters.mode`: `in-process` (default, as the original) or `fleet`. */
export function orchestrationMode(jobType: string, p: Record<string, unknown>): OrchestrationMode {
  const mode = p.mode ?? 'in-process';
  if (!ORCHESTRATION_MODES.includes(mode as OrchestrationMode)) {
    throw new BadParametersError(
      jobType,
      `mode must be one of ${ORCHESTRATION_MODES.join(', ')}, got ${String(mode)}`,
    );
  }
  return mode as OrchestrationMode;
}
