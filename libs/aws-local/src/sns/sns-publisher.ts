import { createHash, randomUUID } from 'node:crypto';
import type { SqsDelivery, SqsMessageAttribute } from '../contracts';
import type { QueryParams, XmlValue } from '../edge/query-protocol';
import { snsErrors } from './sns-errors';
import { attributeValues, bodyValues, matchesFilterPolicy, type SnsAttribute } from './sns-filter';
import type { Subscription, Topic } from './sns-model';

type Result = Record<string, XmlValue>;

/** Publish and PublishBatch: validation, filter policies, and raw or enveloped delivery into SQS. */
export class SnsPublisher {
  constructor(
    private readonly topic: (arn: string | undefined) => Topic,
    private readonly subscriptions: () => Iterable<Subscription>,
    private readonly sqs: SqsDelivery,
  ) {}

  private messageAttributes(params: QueryParams, prefix: string): Record<string, SnsAttribute> {
    const out: Record<string, SnsAttribute> = {};
    for (let i = 1; params.has(`${prefix}.entry.${i}.Name`); i++) {
      const base = `${prefix}.entry.${i}`;
      const attr: SnsAttribute = { DataType: params.get(`${base}.Value.DataType`) ?? '' };
      if (params.has(`${base}.Value.StringValue`)) attr.StringValue = params.get(`${base}.Value.StringValue`);
      if (params.has(`${base}.Value.BinaryValue`)) attr.BinaryValue = params.get(`${base}.Value.BinaryValue`);
      if (!/^(String|Number|Binary|String\.Array)/.test(attr.DataType)) {
        throw snsErrors.invalidParameter(
          `Invalid parameter: MessageAttributes Reason: The message attribute '${params.get(`${base}.Name`)}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
        );
      }
      out[params.get(`${base}.Name`)!] = attr;
    }
    if (Object.keys(out).length > 10)
      throw snsErrors.invalidParameter(
        'Invalid parameter: MessageAttributes Reason: Number of message attributes exceeds the allowed maximum [10].',
      );
    return out;
  }

  async publish(params: QueryParams, prefix = ''): Promise<Result> {
    const topic = this.topic(
      params.get(`${prefix}TopicArn`) ?? params.get('TopicArn') ?? params.get('TargetArn'),
    );
    const message = params.get(`${prefix}Message`);
    if (!message) throw snsErrors.invalidParameter('Invalid parameter: Empty message');
    const subject = params.get(`${prefix}Subject`);
    if (
      subject !== undefined &&
      (subject.length === 0 || subject.length > 100 || /[\r\n]/.test(subject) || /[^\x20-\x7e]/.test(subject))
    )
      throw snsErrors.invalidParameter('Invalid parameter: Subject');
    const attributes = this.messageAttributes(params, `${prefix}MessageAttributes`);
    if (Buffer.byteLength(message) > 262144)
      throw snsErrors.invalidParameter('Invalid parameter: Message too long');
    const structured =
      params.get(`${prefix}MessageStructure`) === 'json' ? this.parseStructure(message) : undefined;
    const fifo = topic.attributes.FifoTopic === 'true';
    const groupId = params.get(`${prefix}MessageGroupId`);
    let dedupId = params.get(`${prefix}MessageDeduplicationId`);
    if (fifo) {
      if (!groupId)
        throw snsErrors.invalidParameter(
          'Invalid parameter: The MessageGroupId parameter is required for FIFO topics',
        );
      if (!dedupId) {
        if (topic.attributes.ContentBasedDeduplication !== 'true')
          throw snsErrors.invalidParameter(
            'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
          );
        dedupId = createHash('sha256').update(message).digest('hex');
      }
    }
    const messageId = randomUUID();
    const text = structured ? (structured.sqs ?? structured.default!) : message;
    for (const sub of this.subscriptions()) {
      if (sub.topicArn !== topic.arn || !this.accepts(sub, attributes, text)) continue;
      await this.deliver(sub, topic, { messageId, text, subject, attributes, groupId, dedupId }).catch(
        () => undefined,
      );
    }
    return { MessageId: messageId, SequenceNumber: fifo ? String(Date.now()) + '0000000000' : undefined };
  }

  async publishBatch(params: QueryParams): Promise<Result> {
    const Successful: XmlValue[] = [];
    const Failed: XmlValue[] = [];
    for (let i = 1; params.has(`PublishBatchRequestEntries.member.${i}.Id`); i++) {
      const prefix = `PublishBatchRequestEntries.member.${i}.`;
      const id = params.get(`${prefix}Id`)!;
      try {
        const result = await this.publish(params, prefix);
        Successful.push({ Id: id, MessageId: result.MessageId, SequenceNumber: result.SequenceNumber });
      } catch (error) {
        const e = error as { queryCode?: string; message: string };
        Failed.push({ Id: id, Code: e.queryCode ?? 'InternalError', Message: e.message, SenderFault: true });
      }
    }
    return { Successful, Failed };
  }

  private parseStructure(message: string): Record<string, string> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      throw snsErrors.invalidParameter(
        'Invalid parameter: Message Structure - JSON message body failed to parse',
      );
    }
    if (
      !parsed ||
      typeof parsed !== 'object' ||
      typeof (parsed as Record<string, unknown>).default !== 'string'
    ) {
      throw snsErrors.invalidParameter(
        'Invalid parameter: Message Structure - No default entry in JSON message body',
      );
    }
    return parsed as Record<string, string>;
  }

  private accepts(sub: Subscription, attributes: Record<string, SnsAttribute>, text: string): boolean {
    const policyText = sub.attributes.FilterPolicy;
    if (!policyText) return true;
    const policy = JSON.parse(policyText) as Record<string, unknown>;
    if (sub.attributes.FilterPolicyScope === 'MessageBody') {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return false;
      }
      return matchesFilterPolicy(policy, (key) => bodyValues(body, key));
    }
    return matchesFilterPolicy(policy, (key) => attributeValues(attributes[key]));
  }

  private async deliver(
    sub: Subscription,
    topic: Topic,
    m: {
      messageId: string;
      text: string;
      subject?: string;
      attributes: Record<string, SnsAttribute>;
      groupId?: string;
      dedupId?: string;
    },
  ): Promise<void> {
    const raw = sub.attributes.RawMessageDelivery === 'true';
    const options = {
      messageGroupId: m.groupId,
      messageDeduplicationId: m.dedupId,
      messageAttributes: raw ? this.sqsAttributes(m.attributes) : undefined,
    };
    const body = raw ? m.text : this.envelope(sub, topic, m);
    await this.sqs.sendToQueueArn(sub.endpoint, body, options);
  }

  private sqsAttributes(
    attributes: Record<string, SnsAttribute>,
  ): Record<string, SqsMessageAttribute> | undefined {
    const entries = Object.entries(attributes);
    if (entries.length === 0) return undefined;
    return Object.fromEntries(
      entries.map(([k, v]) => [
        k,
        {
          DataType: v.DataType === 'String.Array' ? 'String' : v.DataType,
          StringValue: v.StringValue,
          BinaryValue: v.BinaryValue,
        },
      ]),
    );
  }

  private envelope(
    sub: Subscription,
    topic: Topic,
    m: { messageId: string; text: string; subject?: string; attributes: Record<string, SnsAttribute> },
  ): string {
    const fifo = topic.attributes.FifoTopic === 'true';
    const envelope: Record<string, unknown> = {
      Type: 'Notification',
      MessageId: m.messageId,
      TopicArn: topic.arn,
    };
    if (m.subject !== undefined) envelope.Subject = m.subject;
    envelope.Message = m.text;
    envelope.Timestamp = new Date().toISOString();
    if (fifo) envelope.SequenceNumber = String(Date.now()) + '0000000000';
    else {
      envelope.SignatureVersion = '1';
      envelope.Signature = Buffer.from(`lava-aws-local:${m.messageId}`).toString('base64');
      envelope.SigningCertURL = `https://sns.${topic.region}.amazonaws.com/SimpleNotificationService-lava.pem`;
    }
    envelope.UnsubscribeURL = `https://sns.${topic.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${sub.arn}`;
    const attrs = Object.entries(m.attributes);
    if (attrs.length > 0)
      envelope.MessageAttributes = Object.fromEntries(
        attrs.map(([k, v]) => [k, { Type: v.DataType, Value: v.StringValue ?? v.BinaryValue ?? '' }]),
      );
    return JSON.stringify(envelope, null, 2);
  }
}
