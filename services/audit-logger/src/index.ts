/** `@lava/audit-logger`: the run-history service (boot it with `bootstrap`), and its pure merge logic. */
export { bootstrap } from './bootstrap';
export type { RunningAuditLogger } from './bootstrap';
export { decideAuditEntry, fallbackEventId } from './audit-entry';
export type { AuditEntry, AuditDecision } from './audit-entry';
export { appendFields, foldStatus, mergeIntoItem, pendingEntries } from './run-item';
export type { LogEntry, RunItemFields, RunItemState } from './run-item';
