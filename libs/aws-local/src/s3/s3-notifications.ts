import { randomUUID } from 'node:crypto';
import type { EventSink, Persistable, RequestContext, SqsDelivery } from '../contracts';

/** A `QueueConfiguration` of a bucket's notification configuration. */
interface QueueTarget {
  id: string;
  queueArn: string;
  events: string[];
  prefix?: string;
  suffix?: string;
}

interface BucketNotifications {
  xml: string;
  eventBridge: boolean;
  queues: QueueTarget[];
  region: string;
  account: string;
}

/** An object change the proxy observed in a successful S3 response. */
export interface ObjectChange {
  bucket: string;
  key: string;
  kind: 'created' | 'deleted';
  /** S3 API name: PutObject, POST Object, CopyObject, CompleteMultipartUpload, DeleteObject. */
  reason: string;
  size?: number;
  etag?: string;
}

const CREATED_EVENT: Record<string, string> = {
  PutObject: 'ObjectCreated:Put',
  'POST Object': 'ObjectCreated:Post',
  CopyObject: 'ObjectCreated:Copy',
  CompleteMultipartUpload: 'ObjectCreated:CompleteMultipartUpload',
};

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1]?.trim();
}

function tags(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) =>
    (m[1] ?? '').trim(),
  );
}

function parseQueueTarget(block: string): QueueTarget {
  const target: QueueTarget = {
    id: tag(block, 'Id') ?? randomUUID(),
    queueArn: tag(block, 'Queue') ?? '',
    events: tags(block, 'Event'),
  };
  for (const rule of tags(block, 'FilterRule')) {
    const name = tag(rule, 'Name')?.toLowerCase();
    if (name === 'prefix') target.prefix = tag(rule, 'Value');
    if (name === 'suffix') target.suffix = tag(rule, 'Value');
  }
  return target;
}

/**
 * Bucket notification configuration, which s3rver lacks: stored here, and turned into EventBridge
 * events and SQS `Records` messages when the proxy reports an object change.
 */
export class S3Notifications implements Persistable {
  private readonly buckets = new Map<string, BucketNotifications>();
  private sequencer = Date.now() * 1000;

  constructor(
    private readonly sqs: SqsDelivery,
    private readonly eventSink: () => EventSink | undefined,
  ) {}

  getXml(bucket: string): string {
    return (
      this.buckets.get(bucket)?.xml ??
      '<?xml version="1.0" encoding="UTF-8"?><NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>'
    );
  }

  async put(bucket: string, xml: string, ctx: RequestContext): Promise<void> {
    const queues = [...xml.matchAll(/<QueueConfiguration>([\s\S]*?)<\/QueueConfiguration>/g)].map((m) =>
      parseQueueTarget(m[1] ?? ''),
    );
    const previous = new Set((this.buckets.get(bucket)?.queues ?? []).map((q) => q.queueArn));
    this.buckets.set(bucket, {
      xml,
      eventBridge: /<EventBridgeConfiguration\s*\/?>/.test(xml),
      queues,
      region: ctx.region,
      account: ctx.account,
    });
    for (const queue of queues) {
      if (previous.has(queue.queueArn)) continue;
      const test = {
        Service: 'Amazon S3',
        Event: 's3:TestEvent',
        Time: new Date().toISOString(),
        Bucket: bucket,
        RequestId: randomUUID(),
        HostId: randomUUID(),
      };
      await this.sqs.sendToQueueArn(queue.queueArn, JSON.stringify(test)).catch(() => undefined);
    }
  }

  forgetBucket(bucket: string): void {
    this.buckets.delete(bucket);
  }

  /** Emits the change to EventBridge and matching SQS destinations; delivery failures are dropped as on AWS. */
  async emit(change: ObjectChange, ctx: RequestContext): Promise<void> {
    const config = this.buckets.get(change.bucket);
    if (!config) return;
    const sequencer = (this.sequencer++).toString(16).toUpperCase();
    const sink = this.eventSink();
    if (config.eventBridge && sink) {
      await sink
        .putInternalEvents({ region: config.region, account: config.account }, [
          this.eventBridgeEvent(change, sequencer, ctx),
        ])
        .catch(() => undefined);
    }
    const eventName =
      change.kind === 'created'
        ? (CREATED_EVENT[change.reason] ?? 'ObjectCreated:Put')
        : 'ObjectRemoved:Delete';
    for (const queue of config.queues) {
      if (!this.matches(queue, eventName, change.key)) continue;
      const record = this.record(change, eventName, sequencer, queue.id, config, ctx);
      await this.sqs
        .sendToQueueArn(queue.queueArn, JSON.stringify({ Records: [record] }))
        .catch(() => undefined);
    }
  }

  private eventBridgeEvent(change: ObjectChange, sequencer: string, ctx: RequestContext) {
    const object: Record<string, unknown> = { key: change.key };
    if (change.kind === 'created') Object.assign(object, { size: change.size ?? 0, etag: change.etag ?? '' });
    object.sequencer = sequencer;
    const detail: Record<string, unknown> = {
      version: '0',
      bucket: { name: change.bucket },
      object,
      'request-id': randomUUID(),
      requester: ctx.account,
      'source-ip-address': ctx.sourceIp ?? '127.0.0.1',
      reason: change.reason,
    };
    if (change.kind === 'deleted') detail['deletion-type'] = 'Permanently Deleted';
    return {
      source: 'aws.s3',
      detailType: change.kind === 'created' ? 'Object Created' : 'Object Deleted',
      detail,
      resources: [`arn:aws:s3:::${change.bucket}`],
    };
  }

  private matches(queue: QueueTarget, eventName: string, key: string): boolean {
    const [family] = eventName.split(':');
    const eventOk = queue.events.some((e) => e === `s3:${eventName}` || e === `s3:${family}:*`);
    return (
      eventOk &&
      (!queue.prefix || key.startsWith(queue.prefix)) &&
      (!queue.suffix || key.endsWith(queue.suffix))
    );
  }

  private record(
    change: ObjectChange,
    eventName: string,
    sequencer: string,
    configurationId: string,
    config: BucketNotifications,
    ctx: RequestContext,
  ) {
    const object: Record<string, unknown> = {
      key: encodeURIComponent(change.key).replace(/%20/g, '+').replace(/%2F/g, '/'),
    };
    if (change.kind === 'created') Object.assign(object, { size: change.size ?? 0, eTag: change.etag ?? '' });
    object.sequencer = sequencer;
    return {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: config.region,
      eventTime: new Date().toISOString(),
      eventName,
      userIdentity: { principalId: `AWS:${ctx.account}` },
      requestParameters: { sourceIPAddress: ctx.sourceIp ?? '127.0.0.1' },
      responseElements: { 'x-amz-request-id': randomUUID(), 'x-amz-id-2': randomUUID() },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId,
        bucket: {
          name: change.bucket,
          ownerIdentity: { principalId: config.account },
          arn: `arn:aws:s3:::${change.bucket}`,
        },
        object,
      },
    };
  }

  snapshot(): unknown {
    return [...this.buckets.entries()];
  }

  restore(data: unknown): void {
    for (const [bucket, config] of (data as [string, BucketNotifications][] | undefined) ?? [])
      this.buckets.set(bucket, config);
  }
}
