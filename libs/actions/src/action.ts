import type { ActionListName, ActionPorts, ConnectionSource, ObjectSource, RunJob } from '@lava/core';
import type { Logger } from '@lava/logging';

/** What one action sees: the run, its result, rendering and ports. */
export interface ActionContext {
  list: ActionListName;
  job: RunJob;
  realmRecord: Record<string, unknown>;
  result: Record<string, unknown>;
  logger: Logger;
  config(key: string): string | undefined;
  render(template: string, field: string): Promise<string>;
  renderJson<T>(value: T, field: string): Promise<T>;
  ports: ActionPorts;
  /** Connections under the run's grant (email_conn, slack_conn). */
  connections?: ConnectionSource;
  /** S3 reads (email attachments). */
  objects?: ObjectSource;
  /** The run directory (relative email attachments). */
  runDir?: string;
}

/** One action type. Throw to fail the list. */
export interface JobAction {
  readonly type: string;
  /** Keys allowed besides `action`; undefined means any key (types that only check required keys). */
  readonly allowed?: readonly string[];
  readonly required: readonly string[];
  run(action: Record<string, unknown>, ctx: ActionContext): Promise<void>;
}
