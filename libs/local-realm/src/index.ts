export { ProcessSupervisor } from './process-supervisor';
export type { ProcessSpec, SupervisorOptions } from './process-supervisor';
export { formatLogLine } from './log-format';
export type { FormatOptions } from './log-format';
export { seedRealm } from './demo-realm';
export type { SeedOptions } from './demo-realm';
export { startLocalRealm, SERVICES } from './local-realm';
export type { LocalRealm, LocalRealmOptions } from './local-realm';
