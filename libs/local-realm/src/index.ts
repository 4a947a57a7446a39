export { ProcessSupervisor } from './process-supervisor';
export type { ProcessSpec, SupervisorOptions } from './process-supervisor';
export { formatLogLine } from './log-format';
export type { FormatOptions } from './log-format';
