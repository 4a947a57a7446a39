// Ports of job actions: the side effects an action may perform. The worker wires AWS adapters.
import type { DispatchPort } from './handler-ports';

/** One email, ready to send. */
export interface MailMessage {
  from: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  replyTo?: string[];
  subject: string;
  text?: string;
  html?: string;
  attachments?: Array<{ filename: string; content: Buffer }>;
}

/** Where an SES message goes: the connection's (or the realm's `SES_*` config) settings. */
export interface SesDestination {
  region?: string;
  /** Every recipient, Bcc included (the raw message carries no Bcc header). */
  recipients?: string[];
  configurationSet?: string;
}

/** Sends a complete MIME message through Amazon SES (the AWS adapter; a port so connectors stay SDK-free). */
export interface SesRawSender {
  sendRaw(raw: Buffer, destination: SesDestination): Promise<void>;
}

/** Sends notifications through resolved connections (as the secrets broker released them). */
export interface NotificationPorts {
  /** Sends through an `email` connection (SMTP or SES). */
  sendEmail(connection: Record<string, unknown>, message: MailMessage): Promise<void>;
  /** Posts a message body to a `slack` connection's webhook. */
  postSlack(connection: Record<string, unknown>, body: Record<string, unknown>): Promise<void>;
}

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
  sendSqs(
    queue: string,
    body: string,
    options: { delaySeconds?: number; groupId?: string; dedupId?: string },
  ): Promise<void>;
  publishSns(topicArn: string, message: string, subject?: string): Promise<void>;
  putState(
    stateId: string,
    value: unknown,
    options: { type: string; ttlSeconds: number; publisher: string; kmsKey?: string },
  ): Promise<void>;
  /** Email and Slack delivery; actions that need it fail clearly when the host has none. */
  notify?: NotificationPorts;
}
