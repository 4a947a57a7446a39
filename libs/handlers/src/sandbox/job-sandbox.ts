import type { JobIsolationMode } from '@lava/core';

export type { JobSandbox, JobIsolationMode, SandboxSpec } from '@lava/core';

/** The values `LAVA_JOB_ISOLATION` accepts. */
export const JOB_ISOLATION_MODES: readonly JobIsolationMode[] = ['bwrap', 'uid', 'none'];
