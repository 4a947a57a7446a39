/**
 * `@lava/operations`: the read-and-operate model behind the HTTP API and console: realm reads
 * (jobs, runs, schedules, triggers, queues), operating actions with their audit events, roles,
 * API tokens and pagination. All I/O is behind the ports in `ports.ts`.
 */
export * from './errors';
export * from './roles';
export * from './api-tokens';
export * from './pagination';
export * from './ports';
export { RealmReader } from './realm-reader';
export { runTree, formatRunTree } from './run-tree';
export type { RunTree, RunTreeNode, RunTreeSources } from './run-tree';
export type { JobSummary, JobValidation, RunQuery, RunDetail, RunLogs, JobSchedule } from './realm-reader';
export { RealmOperator, RETRYABLE_STATUSES } from './realm-operator';
export type { DispatchInput, DispatchAccepted, OperatorSource } from './realm-operator';
