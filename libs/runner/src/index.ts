/** @deprecated Moved to `@lava/core` (the run's ports and statuses); import from there. */
export { STATUS } from '@lava/core';
/** @deprecated Moved to `@lava/core`; import from there. */
export type {
  RunEvent,
  RunEventSink,
  JobSource,
  StateSource,
  ActionPort,
  ActionScope,
  RunLedger,
  ClaimResult,
  TemplateEngine,
  HandlerPorts,
  HandlerPortFactory,
  RunOutcome,
  RunStatus,
  ActionListName as ActionList,
} from '@lava/core';
export { JobRunner } from './job-runner';
export type { JobRunnerDeps, TopLevelRun, RunScope } from './job-runner';
export { intake } from './intake';
export type { IntakeDecision, AcceptedRun, RejectedRun, IntakeDeps } from './intake';
export { RunMessageHandler } from './run-message.handler';
export { RunLease } from './run-lease';
export type { RunLeaseOptions } from './run-lease';
export type { RunMessageHandlerDeps, RunDisposition, RunQueueMessage } from './run-message.handler';
export { RunMetrics } from './run-metrics';
export type { RunMetricsOptions } from './run-metrics';
export { RunAbortedError, abortableSleep } from './sleep';
/** @deprecated Renamed RunAbortedError. */
export { RunAbortedError as RunAborted } from './sleep';
export { failureResult } from './failure-result';
export { JinjaTemplateEngine } from './jinja-template-engine';
export { JobActionPort } from './job-action.port';
