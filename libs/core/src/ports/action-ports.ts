// Ports of job actions: the side effects an action may perform. The worker wires AWS adapters.
import type { DispatchPort } from './handler-ports';

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
