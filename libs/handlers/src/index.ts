export * from './handler';
export { BadParametersError, UnknownJobTypeError } from './errors';
export { HandlerRegistry } from './registry';
export { connAppName } from './sql/db-session';
export { runProcess, TIMEOUT_EXIT_STATUS } from './process/run-process';
export type { ProcessRunOptions, ProcessOutcome } from './process/run-process';
export type { JobSandbox, JobIsolationMode, SandboxSpec } from './sandbox/job-sandbox';
export { JOB_ISOLATION_MODES } from './sandbox/job-sandbox';
export { BwrapSandbox, type BwrapOptions } from './sandbox/bwrap.sandbox';
export { UnconfinedSandbox } from './sandbox/unconfined.sandbox';
export { UidSandbox, type UidSandboxOptions } from './sandbox/uid.sandbox';
export { UidPool, parseUidRange, type UidRange } from './sandbox/uid-pool';
export { createSandbox, missingUidCapabilities, type SandboxOptions } from './sandbox/create-sandbox';
export {
  SandboxUnavailableError,
  UidRangeInvalidError,
  UidPoolExhaustedError,
  UidNotLeasedError,
  RunProcessesSurviveError,
} from './sandbox/sandbox.error';
export { scrubbedEnv, JOB_ENV_ALLOWED } from './sandbox/job-env';
export { LogHandler } from './types/log.handler';
export { CmdHandler } from './types/cmd.handler';
export { ExeHandler } from './types/exe.handler';
export { PkgHandler } from './types/pkg.handler';
export { DispatchHandler } from './types/dispatch.handler';
export { ChainHandler } from './types/chain.handler';
export { SqlHandler } from './types/sql.handler';
export { SqliHandler } from './types/sqli.handler';
export { SqlvHandler } from './types/sqlv.handler';
export { SqlcHandler } from './types/sqlc.handler';
export { DbFromS3Handler } from './types/db-from-s3.handler';
export { RedshiftUnloadHandler } from './types/redshift-unload.handler';
export { ForeachHandler } from './types/foreach.handler';
export { DagHandler } from './types/dag.handler';
export { SharepointGetDocHandler } from './types/sharepoint-get-doc.handler';
export { SharepointGetMultiDocHandler } from './types/sharepoint-get-multi-doc.handler';
export { SharepointPutDocHandler } from './types/sharepoint-put-doc.handler';
export { SharepointGetListHandler } from './types/sharepoint-get-list.handler';
export { SharepointPutListHandler } from './types/sharepoint-put-list.handler';
export { EcsHandler } from './types/ecs.handler';
export type { EcsWaitClock } from './ecs/ecs-wait';
export { SmbGetHandler } from './types/smb-get.handler';
export { SmbPutHandler } from './types/smb-put.handler';
export { DockerHandler, type DockerHandlerDeps } from './types/docker.handler';
export type * from './docker/container-engine';
export { DockerodeEngine, DockerodeEngineFactory } from './docker/dockerode.engine';
export {
  CONTAINER_LABELS,
  ContainerReaper,
  currentInstance,
  isOrphan,
  pidAlive,
  type WorkerInstance,
} from './docker/container-reaper';
export { spawnWatchdog, type ContainerWatch, type ContainerWatcher } from './docker/container-watchdog';
export { ContainerEngineError, ImageMissingError, ImagePullError } from './docker/docker.errors';

import { HandlerRegistry } from './registry';
import { LogHandler } from './types/log.handler';
import { CmdHandler } from './types/cmd.handler';
import { ExeHandler } from './types/exe.handler';
import { PkgHandler } from './types/pkg.handler';
import { DispatchHandler } from './types/dispatch.handler';
import { ChainHandler } from './types/chain.handler';
import { SqlHandler } from './types/sql.handler';
import { SqliHandler } from './types/sqli.handler';
import { SqlvHandler } from './types/sqlv.handler';
import { SqlcHandler } from './types/sqlc.handler';
import { DbFromS3Handler } from './types/db-from-s3.handler';
import { RedshiftUnloadHandler } from './types/redshift-unload.handler';
import { ForeachHandler } from './types/foreach.handler';
import { DagHandler } from './types/dag.handler';
import { SharepointGetDocHandler } from './types/sharepoint-get-doc.handler';
import { SharepointGetMultiDocHandler } from './types/sharepoint-get-multi-doc.handler';
import { SharepointPutDocHandler } from './types/sharepoint-put-doc.handler';
import { SharepointGetListHandler } from './types/sharepoint-get-list.handler';
import { SharepointPutListHandler } from './types/sharepoint-put-list.handler';
import { EcsHandler } from './types/ecs.handler';
import { SmbGetHandler } from './types/smb-get.handler';
import { SmbPutHandler } from './types/smb-put.handler';
import { DockerHandler } from './types/docker.handler';

/** A registry with every built-in job type. Add more with `.register()`. */
export function defaultHandlers(): HandlerRegistry {
  return new HandlerRegistry([
    new LogHandler(),
    new CmdHandler(),
    new ExeHandler(),
    new PkgHandler(),
    new DispatchHandler(),
    new ChainHandler(),
    new SqlHandler(),
    new SqliHandler(),
    new SqlvHandler(),
    new SqlcHandler(),
    new DbFromS3Handler(),
    new RedshiftUnloadHandler(),
    new ForeachHandler(),
    new DagHandler(),
    new SharepointGetDocHandler(),
    new SharepointGetMultiDocHandler(),
    new SharepointPutDocHandler(),
    new SharepointGetListHandler(),
    new SharepointPutListHandler(),
    new EcsHandler(),
    new SmbGetHandler(),
    new SmbPutHandler(),
    new DockerHandler(),
  ]);
}
