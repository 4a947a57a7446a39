// Public API of @lava/core: the shared language of every Lava service. Pure: no I/O, no AWS SDK.

export * from './errors';

// Value formats
export { parseDuration, isDuration, roundHalfEven, formatDuration, DURATION_UNITS } from './values/duration';
export type { Duration } from './values/duration';
export { parseSize, isSize, SIZE_UNITS } from './values/size';
export type { Size } from './values/size';
export { parseBoolean, isBooleanLike, isTruthy } from './values/boolean';
export { globMatch } from './values/glob-match';
export { parseInteger } from './values/integer';
export { MAX_JSON_DEPTH, jsonTextDepth, jsonValueDepth } from './values/json-depth';
export { parseS3Location, s3Bucket, s3Key, s3Join } from './values/s3-location';
export type { S3Location } from './values/s3-location';
export {
  formatTimestamp,
  formatUtcNaive,
  normalizeTimestamp,
  parseTimestamp,
  parseScheduleTimestamp,
  parseStrictIsoTimestamp,
  hasZone,
} from './values/timestamp';
export { isValidTimeZone, timeZoneOffsetMinutes } from './values/timezone';
export { PATTERNS, SECRET_FIELD_RE, isSecretLookingField, redactSecrets } from './values/patterns';

// Models
export * from './models/json';
export * from './models/action';
export * from './models/job';
export * from './models/realm';
export * from './models/connection';
export * from './models/s3trigger';
export * from './models/state';
export * from './models/event-record';
export { jobConnectionIds, jobConnectionRefs, jobNamesConnection } from './models/connection-refs';
export { childJobIds, idList, IN_PROCESS_PARENT_TYPES } from './models/child-jobs';
export {
  FOREACH_GENERATORS,
  FOREACH_PARAMETERS,
  checkForeachSpec,
  isReservedForeachName,
} from './models/foreach-spec';
export type { ForeachGeneratorFields } from './models/foreach-spec';
export { dagBatches, dagGraph, dagOrder, DAG_PARAMETERS } from './models/dag-graph';
export type { DagGraph } from './models/dag-graph';
export { ORCHESTRATION_MODES, FLEET_PARAMETERS, checkOrchestrationJob } from './models/orchestration-mode';
export type { ConnectionRef } from './models/connection-refs';
export {
  FLEET_POLICIES,
  RunParkedError,
  advanceFleet,
  fleetChildRunId,
  fleetChildSummary,
  fleetDispatch,
  fleetIdempotencyKey,
  settleFleetChild,
} from './models/fleet';
export type {
  FleetChild,
  FleetChildOutcome,
  FleetChildState,
  FleetPolicy,
  FleetRecord,
  FleetResume,
} from './models/fleet';

// Validation
export type { ValidateOptions, ValidationResult } from './validation/record-validator';
export { extensionFields, withoutExtensions } from './validation/record-validator';
export { validateJob } from './validation/validate-job';
export { validateRealm } from './validation/validate-realm';
export { validateConnection } from './validation/validate-connection';
export { validateS3Trigger } from './validation/validate-s3trigger';
export { validateStateRecord, isStateExpired } from './validation/validate-state';
export { validateEventRecord } from './validation/validate-event-record';
export { MAX_DELAY_SECONDS } from './validation/ajv';

// Realm naming
export * from './naming/realm-resources';

// Schedules
export { parseScheduleField, checkScheduleField, isEmptySchedule } from './schedule/schedule-field';
export type { ScheduleEntry, ScheduleProblem } from './schedule/schedule-field';
export {
  isWithinWindow,
  windowContains,
  scheduleWindow,
  SCHEDULE_FROM_DEFAULT,
  SCHEDULE_TO_DEFAULT,
} from './schedule/schedule-window';

// Dispatch requests and merging
export type { DispatchRequest } from './dispatch/dispatch-request';
export { MAX_DISPATCH_DELAY_SECONDS } from './dispatch/dispatch-request';
export { requestRunId, runIdFromSeed } from './dispatch/run-id';
export { prepareDispatch } from './dispatch/dispatch-event';
export type { PreparedDispatch, DispatchOrigin } from './dispatch/dispatch-event';
export {
  checkJobType,
  DOCKER_HOST_CONFIG_KEYS,
  DOCKER_PULL_POLICIES,
  JOB_TYPES,
  jobTypeParameterNames,
  jobTypeSpec,
  parametersSchema,
  referencedConnections,
} from './job-types';
export type { JobTypeSpec, ParamSchema } from './job-types';
export { shellSplit, ShellLexError } from './dispatch/shell-lexer';
export { expandDottedAssignments, DottedNameError } from './dispatch/dotted-names';
export { parseCliRequestLine, parseDispatchArgs, cliDelay, CliRequestError } from './dispatch/cli-request';
export {
  parseDispatchRequests,
  tryParseDispatchRequests,
  tryParseDispatchRequestBody,
  parseJsonRequest,
  jsonDelay,
} from './dispatch/parse-requests';
export type { ParsedDispatchRequests } from './dispatch/parse-requests';
export { mergeRunInputs, mergeChildGlobals, shallowMerge, deepMerge } from './dispatch/merge-inputs';
export type { MergeOptions, RunInputs } from './dispatch/merge-inputs';

// Worker-queue run message
export * from './run-message/run-message';

// Events (statuses, versioned EventBridge contracts)
export * from './events/statuses';
export * from './events/contracts';
export * from './events/event-details';
export { buildLavaEvent, parseLavaEvent, MAX_EVENT_DETAIL_BYTES } from './events/lava-event';
export type { LavaEventEntry, ParsedLavaEvent } from './events/lava-event';

// Small helpers shared by services
export { resolveStateTtlSeconds, stateTtlEpoch } from './models/state-ttl';
export { enabledMode, isRenderedEnabled } from './models/job-enabled';
export type { EnabledMode } from './models/job-enabled';
export { realmConfigValue } from './models/realm-config';
export * from './models/run-config';
export { extractDispatchBodies } from './dispatch/envelope';
export type { EnvelopeBody } from './dispatch/envelope';
export { checkLavaGlobals, lavaTimestamp, LAVA_GLOBAL_TIMESTAMPS } from './run-message/lava-globals';

// Ports: the run, handler and action side effects the worker wires to AWS adapters
export type * from './ports/handler-ports';
export type * from './ports/run-ports';
export type * from './ports/action-ports';
export { LAVA_METRICS, NO_TELEMETRY, TRACEPARENT_PATTERN } from './ports/telemetry';
export type {
  LavaMetric,
  MetricDatum,
  MetricDefinition,
  MetricSink,
  Telemetry,
  TelemetryAttributes,
} from './ports/telemetry';
export type * from './ports/ecs-task-runner';
export { childGlobals } from './run-message/lineage';
export type { ChildGlobalsOptions } from './run-message/lineage';

// Triggers: S3 events, s3trigger matching, EventBridge rule triggers
export * from './triggers/trigger-errors';
export * from './triggers/s3-event';
export * from './triggers/s3-trigger-match';
export * from './triggers/event-rule';

// Notifications (email and slack actions, lava slack)
export { slackColour, slackMessageBody, SLACK_MAX_MESSAGE, SLACK_MAX_SUBJECT } from './notify/slack-message';
export type { SlackMessageInput } from './notify/slack-message';
export { isHtmlBody } from './notify/mail-body';
export { assertPathSafe, pathSafetyProblem, UnsafePathError, type PathSafeKind } from './values/path-safe';
export { inOrder } from './values/in-order';
