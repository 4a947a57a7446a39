import type { DispatchPort, RunJob } from '@lava/handlers';
import type { Logger } from '@lava/logging';

export type ActionListName = 'on_success' | 'on_fail' | 'on_retry';

/** An EventBridge entry the `event` action puts. */
export interface BusEntry {
  source: string;
  detailType: string;
  detail: string;
  resources?: string[];
  eventBusName?: string;
}

/** Side effects actions may perform; the worker wires them to AWS. */
export interface ActionPorts {
  dispatcher: DispatchPort;
  putEvent(entry: BusEntry): Promise<void>;
  sendSqs(queue: string, body: string, options: { delaySeconds?: number; groupId?: string; dedupId?: string }): Promise<void>;
  publishSns(topicArn: string, message: string, subject?: string): Promise<void>;
  putState(stateId: string, value: unknown, options: { type: string; ttlSeconds: number; publisher: string; kmsKey?: string }): Promise<void>;
}

/** What one action sees: the run, its result, rendering and ports. */
export interface ActionContext {
  list: ActionListName;
  job: RunJob;
  realmRecord: Record<string, unknown>;
  result: Record<string, unknown>;
  logger: Logger;
  config(key: string): string | undefined;
  render(template: string, field: string): string;
  renderJson<T>(value: T, field: string): T;
  ports: ActionPorts;
}

/** One action type (reference lava-core §6.3). Throw to fail the list. */
export interface JobAction {
  readonly type: string;
  /** Keys allowed besides `action`; undefined means any key (types that only check required keys). */
  readonly allowed?: readonly string[];
  readonly required: readonly string[];
  run(action: Record<string, unknown>, ctx: ActionContext): Promise<void>;
}
