import { randomUUID } from 'node:crypto';
import { Deque } from './deque';
import { parseRedrivePolicy, type RedrivePolicy } from './sqs-attributes';
import type { StoredMessage } from './sqs-message';

/** A long poll parked on a queue; `wake` tries to take messages and answers true when it did. */
export interface Waiter {
  wake(): boolean;
  cancel(): void;
}

export interface ReceiveOptions {
  max: number;
  visibilityTimeout: number;
  now: number;
  /** Finds the dead-letter queue named by the RedrivePolicy. */
  resolveArn(arn: string): SqsQueue | undefined;
}

/**
 * One queue's messages. Standard queues keep visible messages in a deque (O(1) send/receive);
 * FIFO queues keep each group's undeleted messages in order and block a group while any of its
 * messages is in flight. Delays and visibility timeouts are Node timers (O(1) insert/cancel).
 */
export class SqsQueue {
  readonly messages = new Map<string, StoredMessage>();
  readonly waiters = new Set<Waiter>();
  readonly dedup = new Map<string, { messageId: string; sequenceNumber?: string; expiresAt: number }>();
  readonly counts = { visible: 0, inflight: 0, delayed: 0 };
  tags: Record<string, string> = {};
  lastModified: number;
  private readonly ready = new Deque<StoredMessage>();
  private readonly groups = new Map<string, StoredMessage[]>();
  private readonly groupInflight = new Map<string, number>();
  // Time-based start keeps sequence numbers increasing across restarts from a snapshot.
  private sequence = BigInt(Date.now()) * 1000000n;
  private redrive?: RedrivePolicy;
  // Guards against a long poll being woken (and receiving) in the middle of another receive.
  private receiving = false;

  constructor(
    readonly name: string,
    readonly account: string,
    readonly region: string,
    readonly attributes: Record<string, string>,
    readonly createdAt: number,
  ) {
    this.lastModified = createdAt;
    this.refreshRedrive();
  }

  get arn(): string {
    return `arn:aws:sqs:${this.region}:${this.account}:${this.name}`;
  }

  get fifo(): boolean {
    return this.attributes.FifoQueue === 'true';
  }

  numberAttribute(name: string): number {
    return Number(this.attributes[name] ?? 0);
  }

  /** Re-reads the RedrivePolicy after an attribute change. */
  refreshRedrive(): void {
    const text = this.attributes.RedrivePolicy;
    this.redrive = text ? parseRedrivePolicy(text) : undefined;
  }

  get redrivePolicy(): RedrivePolicy | undefined {
    return this.redrive;
  }

  nextSequenceNumber(): string {
    this.sequence += 1n;
    return this.sequence.toString();
  }

  /** Adds a message; it becomes receivable after `delaySeconds`. */
  enqueue(message: StoredMessage, delaySeconds: number, now: number): void {
    this.messages.set(message.id, message);
    if (message.groupId !== undefined) this.groupList(message.groupId).push(message);
    if (delaySeconds > 0) {
      message.state = 'delayed';
      message.visibleAt = now + delaySeconds * 1000;
      this.counts.delayed++;
      message.timer = this.timer(() => this.makeVisible(message), delaySeconds * 1000);
    } else {
      this.setVisible(message);
    }
  }

  /** Restores a message from a snapshot, keeping its state and remaining timers. */
  restoreMessage(message: StoredMessage, now: number): void {
    const state = message.state;
    this.messages.set(message.id, message);
    if (message.groupId !== undefined) this.groupList(message.groupId).push(message);
    const remaining = Math.max(0, message.visibleAt - now);
    if (state === 'visible' || remaining === 0) {
      this.setVisible(message);
      return;
    }
    this.counts[state === 'delayed' ? 'delayed' : 'inflight']++;
    if (state === 'inflight' && message.groupId !== undefined) this.bumpGroup(message.groupId, 1);
    message.timer = this.timer(() => this.makeVisible(message), remaining);
  }

  private groupList(groupId: string): StoredMessage[] {
    let list = this.groups.get(groupId);
    if (!list) {
      list = [];
      this.groups.set(groupId, list);
    }
    return list;
  }

  private timer(fn: () => void, ms: number): NodeJS.Timeout {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  }

  private setVisible(message: StoredMessage): void {
    message.state = 'visible';
    message.timer = undefined;
    this.counts.visible++;
    if (message.groupId === undefined && !message.inReady) {
      message.inReady = true;
      this.ready.push(message);
    }
  }

  /** Delay or visibility expiry: the message is receivable again; wakes a long poll. */
  private makeVisible(message: StoredMessage): void {
    if (message.state === 'delayed') this.counts.delayed--;
    else if (message.state === 'inflight') {
      this.counts.inflight--;
      if (message.groupId !== undefined) this.bumpGroup(message.groupId, -1);
    } else return;
    this.setVisible(message);
    this.notify();
  }

  private bumpGroup(groupId: string, delta: number): void {
    const n = (this.groupInflight.get(groupId) ?? 0) + delta;
    if (n <= 0) this.groupInflight.delete(groupId);
    else this.groupInflight.set(groupId, n);
  }

  /** Hands visible messages to parked long polls, oldest poll first. */
  notify(): void {
    if (this.receiving) return;
    for (const waiter of this.waiters) {
      if (this.counts.visible === 0) return;
      if (!waiter.wake()) return;
    }
  }

  /** Takes up to `max` receivable messages, moving over-received ones to the DLQ. */
  receive(options: ReceiveOptions): StoredMessage[] {
    if (this.counts.visible === 0) return [];
    this.receiving = true;
    try {
      return this.fifo ? this.receiveFifo(options) : this.receiveStandard(options);
    } finally {
      this.receiving = false;
    }
  }

  private receiveStandard(options: ReceiveOptions): StoredMessage[] {
    const out: StoredMessage[] = [];
    while (out.length < options.max) {
      const message = this.ready.shift();
      if (!message) break;
      message.inReady = false;
      if (message.state !== 'visible') continue;
      if (this.take(message, options)) out.push(message);
    }
    return out;
  }

  private receiveFifo(options: ReceiveOptions): StoredMessage[] {
    const out: StoredMessage[] = [];
    for (const [groupId, list] of this.groups) {
      if (out.length >= options.max) break;
      if (this.groupInflight.has(groupId)) continue;
      for (let i = 0; i < list.length && out.length < options.max;) {
        const message = list[i]!;
        if (message.state !== 'visible') break;
        const before = list.length;
        if (this.take(message, options)) {
          out.push(message);
          i++;
        } else if (list.length === before) i++;
      }
    }
    return out;
  }

  /** Marks a visible message as received, or moves it to the DLQ; true when it is returned. */
  private take(message: StoredMessage, options: ReceiveOptions): boolean {
    const retention = this.numberAttribute('MessageRetentionPeriod') * 1000;
    if (options.now - message.sentAt > retention) {
      this.remove(message);
      return false;
    }
    const dlq =
      this.redrive && message.receiveCount + 1 > this.redrive.maxReceiveCount
        ? options.resolveArn(this.redrive.deadLetterTargetArn)
        : undefined;
    if (dlq) {
      this.remove(message);
      dlq.acceptDeadLetter(message, this.arn, options.now);
      return false;
    }
    message.receiveCount++;
    message.firstReceiveAt ??= options.now;
    message.receipt = this.receiptFor(message);
    if (options.visibilityTimeout > 0) {
      this.counts.visible--;
      this.counts.inflight++;
      message.state = 'inflight';
      message.visibleAt = options.now + options.visibilityTimeout * 1000;
      if (message.groupId !== undefined) this.bumpGroup(message.groupId, 1);
      message.timer = this.timer(() => this.makeVisible(message), options.visibilityTimeout * 1000);
    } else if (message.groupId === undefined) {
      message.inReady = true;
      this.ready.push(message);
    }
    return true;
  }

  /** A message moved here by a source queue's redrive; keeps id, body and receive count. */
  acceptDeadLetter(message: StoredMessage, sourceArn: string, now: number): void {
    const moved: StoredMessage = {
      ...message,
      system: { ...message.system, DeadLetterQueueSourceArn: sourceArn },
      state: 'visible',
      inReady: false,
      timer: undefined,
      receipt: undefined,
    };
    if (this.fifo && moved.groupId === undefined) moved.groupId = message.system.MessageGroupId ?? 'default';
    if (!this.fifo) moved.groupId = undefined;
    this.enqueue(moved, 0, now);
    this.notify();
  }

  private receiptFor(message: StoredMessage): string {
    return Buffer.from(`${receiptNonce()} ${this.arn} ${message.id} ${message.receiveCount}`).toString(
      'base64',
    );
  }

  /** Message id inside a receipt handle this queue issued, or undefined for a foreign/garbled handle. */
  messageIdOf(handle: string): string | undefined {
    const parts = Buffer.from(handle, 'base64').toString('utf8').split(' ');
    if (parts.length !== 4 || parts[1] !== this.arn) return undefined;
    return parts[2];
  }

  /** Removes a message whatever its state (delete, purge, redrive, retention). */
  remove(message: StoredMessage): void {
    if (message.state === 'deleted') return;
    if (message.timer) clearTimeout(message.timer);
    message.timer = undefined;
    if (message.state === 'visible') this.counts.visible--;
    else if (message.state === 'delayed') this.counts.delayed--;
    else {
      this.counts.inflight--;
      if (message.groupId !== undefined) this.bumpGroup(message.groupId, -1);
    }
    message.state = 'deleted';
    this.messages.delete(message.id);
    if (message.groupId !== undefined) this.removeFromGroup(message);
  }

  private removeFromGroup(message: StoredMessage): void {
    const list = this.groups.get(message.groupId!);
    if (!list) return;
    const index = list.indexOf(message);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) this.groups.delete(message.groupId!);
    // Deleting the in-flight head of a group may unblock it for a parked long poll.
    if (!this.groupInflight.has(message.groupId!)) this.notify();
  }

  /** New invisibility window from now; 0 makes the message receivable at once. */
  changeVisibility(message: StoredMessage, seconds: number, now: number): void {
    if (message.state !== 'inflight') return;
    if (message.timer) clearTimeout(message.timer);
    if (seconds === 0) {
      this.makeVisible(message);
      return;
    }
    message.visibleAt = now + seconds * 1000;
    message.timer = this.timer(() => this.makeVisible(message), seconds * 1000);
  }

  /** Deletes every message (PurgeQueue, DeleteQueue). */
  purge(): void {
    for (const message of [...this.messages.values()]) this.remove(message);
    this.ready.clear();
    this.groups.clear();
    this.groupInflight.clear();
  }

  /** DeleteQueue: drop messages and answer parked long polls with nothing. */
  close(): void {
    this.purge();
    for (const waiter of [...this.waiters]) waiter.cancel();
  }
}

/**
 * 48 random bits as 12 hex digits: the first 12 hex digits of a v4 UUID are all random, and
 * randomUUID draws from a pool it refills in batches, where randomBytes(6) asked the system for
 * entropy on every message received.
 */
function receiptNonce(): string {
  const id = randomUUID();
  return id.slice(0, 8) + id.slice(9, 13);
}
