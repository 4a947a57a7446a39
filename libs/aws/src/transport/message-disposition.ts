/** What to do with a message once its handler has finished. */
export type MessageDisposition =
  /** Terminal outcome: delete the message. */
  | { kind: 'ack' }
  /** Make it visible again after `delaySeconds` (same body, receive count grows). */
  | { kind: 'release'; delaySeconds: number }
  /** Replace it: send `body` with `delaySeconds`, then delete the original (e.g. resume state). */
  | { kind: 'requeue'; body: string; delaySeconds: number };

export const ACK: MessageDisposition = { kind: 'ack' };

/** A received message as handlers see it. */
export interface QueueMessage {
  messageId: string;
  body: string;
  receiveCount: number;
  sentAt: Date;
  attributes: Record<string, string>;
  /** W3C traceparent message attribute (set by senders when tracing is on). */
  traceparent?: string;
}

/** Per-message control handed to the handler. */
export interface MessageControl {
  /** Aborted when the consumer stops and the drain grace time is over. */
  signal: AbortSignal;
}

export type QueueMessageHandler = (
  message: QueueMessage,
  control: MessageControl,
) => Promise<MessageDisposition>;
