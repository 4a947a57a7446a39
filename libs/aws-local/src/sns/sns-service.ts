import { createHash, randomUUID } from 'node:crypto';
import type { Persistable, RequestContext, SqsDelivery, SqsMessageAttribute } from '../contracts';
import { queryList, queryStringMap, XmlMap, type QueryParams, type QueryService, type XmlValue } from '../edge/query-protocol';
import { snsErrors } from './sns-errors';
import { attributeValues, bodyValues, matchesFilterPolicy, type SnsAttribute } from './sns-filter';

type Result = Record<string, XmlValue>;

interface Topic {
  arn: string;
  name: string;
  account: string;
  region: string;
  attributes: Record<string, string>;
  tags: Record<string, string>;
}

interface Subscription {
  arn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  owner: string;
  attributes: Record<string, string>;
}

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const SUB_ATTRIBUTES = new Set(['RawMessageDelivery', 'FilterPolicy', 'FilterPolicyScope', 'RedrivePolicy', 'DeliveryPolicy', 'SubscriptionRoleArn']);

/** SNS over awsQuery (§5.1): topics, SQS subscriptions, publish with raw or enveloped delivery. */
export class SnsService implements QueryService, Persistable {
  readonly xmlNamespace = 'http://sns.amazonaws.com/doc/2010-03-31/';
  private readonly topics = new Map<string, Topic>();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly sqs: SqsDelivery;

  constructor(options: { sqs: SqsDelivery }) {
    this.sqs = options.sqs;
  }

  async handle(action: string, params: QueryParams, ctx: RequestContext): Promise<Result> {
    switch (action) {
      case 'CreateTopic': return this.createTopic(params, ctx);
      case 'DeleteTopic': return this.deleteTopic(params);
      case 'ListTopics': return this.listTopics(params, ctx);
      case 'GetTopicAttributes': return { Attributes: new XmlMap(this.topicAttributes(this.topic(params.get('TopicArn')))) };
      case 'SetTopicAttributes': return this.setTopicAttribute(params);
      case 'Subscribe': return this.subscribe(params, ctx);
      case 'Unsubscribe': return this.unsubscribe(params);
      case 'ListSubscriptions': return { Subscriptions: this.subscriptionList((s) => s.owner === ctx.account) };
      case 'ListSubscriptionsByTopic': return { Subscriptions: this.subscriptionList((s) => s.topicArn === this.topic(params.get('TopicArn')).arn) };
      case 'GetSubscriptionAttributes': return { Attributes: new XmlMap(this.subscriptionAttributes(this.subscription(params.get('SubscriptionArn')))) };
      case 'SetSubscriptionAttributes': return this.setSubscriptionAttribute(params);
      case 'Publish': return this.publish(params);
      case 'PublishBatch': return this.publishBatch(params);
      case 'TagResource': return this.tagResource(params);
      case 'UntagResource': return this.untagResource(params);
      case 'ListTagsForResource': return { Tags: Object.entries(this.topic(params.get('ResourceArn')).tags).map(([Key, Value]) => ({ Key, Value })) };
      default: throw snsErrors.unsupported(action);
    }
  }

  private topic(arn: string | undefined): Topic {
    const topic = arn ? this.topics.get(arn) : undefined;
    if (!topic) throw snsErrors.notFound('Topic does not exist');
    return topic;
  }

  private subscription(arn: string | undefined): Subscription {
    const sub = arn ? this.subscriptions.get(arn) : undefined;
    if (!sub) throw snsErrors.notFound('Subscription does not exist');
    return sub;
  }

  private tagsOf(params: QueryParams): Record<string, string> {
    const tags: Record<string, string> = {};
    for (let i = 1; params.has(`Tags.member.${i}.Key`); i++) tags[params.get(`Tags.member.${i}.Key`)!] = params.get(`Tags.member.${i}.Value`) ?? '';
    return tags;
  }

  private createTopic(params: QueryParams, ctx: RequestContext): Result {
    const name = params.get('Name') ?? '';
    const attributes = queryStringMap(params, 'Attributes');
    const fifo = attributes.FifoTopic === 'true';
    const bare = name.endsWith('.fifo') ? name.slice(0, -5) : name;
    if (!TOPIC_NAME.test(bare) || (name.endsWith('.fifo') !== fifo)) {
      throw snsErrors.invalidParameter(fifo || name.endsWith('.fifo') ? 'Invalid parameter: Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.' : 'Invalid parameter: Topic Name');
    }
    const arn = `arn:aws:sns:${ctx.region}:${ctx.account}:${name}`;
    const tags = this.tagsOf(params);
    const existing = this.topics.get(arn);
    if (existing) {
      if (Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v)) throw snsErrors.invalidParameter('Invalid parameter: Attributes Reason: Topic already exists with different attributes');
      if (Object.keys(tags).length > 0 && Object.entries(tags).some(([k, v]) => existing.tags[k] !== v)) throw snsErrors.invalidParameter('Invalid parameter: Tags Reason: Topic already exists with different tags');
      return { TopicArn: arn };
    }
    this.topics.set(arn, { arn, name, account: ctx.account, region: ctx.region, attributes, tags });
    return { TopicArn: arn };
  }

  private deleteTopic(params: QueryParams): Result {
    const arn = params.get('TopicArn') ?? '';
    this.topics.delete(arn);
    for (const [subArn, sub] of this.subscriptions) if (sub.topicArn === arn) this.subscriptions.delete(subArn);
    return {};
  }

  private listTopics(params: QueryParams, ctx: RequestContext): Result {
    const all = [...this.topics.values()].filter((t) => t.account === ctx.account && t.region === ctx.region);
    const start = Number(params.get('NextToken') ?? 0) || 0;
    const page = all.slice(start, start + 100);
    return { Topics: page.map((t) => ({ TopicArn: t.arn })), NextToken: start + 100 < all.length ? String(start + 100) : undefined };
  }

  private topicAttributes(topic: Topic): Record<string, string> {
    const subs = [...this.subscriptions.values()].filter((s) => s.topicArn === topic.arn).length;
    const policy = {
      Version: '2008-10-17',
      Id: '__default_policy_ID',
      Statement: [{ Sid: '__default_statement_ID', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['SNS:Publish', 'SNS:Subscribe', 'SNS:GetTopicAttributes'], Resource: topic.arn, Condition: { StringEquals: { 'AWS:SourceOwner': topic.account } } }],
    };
    return {
      TopicArn: topic.arn,
      Owner: topic.account,
      Policy: JSON.stringify(policy),
      DisplayName: '',
      SubscriptionsConfirmed: String(subs),
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
      EffectiveDeliveryPolicy: JSON.stringify({ http: { defaultHealthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: 'linear' }, disableSubscriptionOverrides: false } }),
      ...(topic.attributes.FifoTopic === 'true' ? { ContentBasedDeduplication: 'false' } : {}),
      ...topic.attributes,
    };
  }

  private setTopicAttribute(params: QueryParams): Result {
    const topic = this.topic(params.get('TopicArn'));
    const name = params.get('AttributeName') ?? '';
    if (name === 'FifoTopic') throw snsErrors.invalidParameter('Invalid parameter: AttributeName');
    topic.attributes[name] = params.get('AttributeValue') ?? '';
    return {};
  }

  private subscribe(params: QueryParams, ctx: RequestContext): Result {
    const topic = this.topic(params.get('TopicArn'));
    const protocol = params.get('Protocol') ?? '';
    const endpoint = params.get('Endpoint') ?? '';
    if (protocol !== 'sqs') throw snsErrors.invalidParameter(`Invalid parameter: Protocol ${protocol} is not supported by lava-aws-local (only sqs).`);
    if (!/^arn:aws:sqs:[^:]+:\d{12}:[A-Za-z0-9_.-]+$/.test(endpoint)) throw snsErrors.invalidParameter('Invalid parameter: SQS endpoint ARN');
    if (endpoint.endsWith('.fifo') && topic.attributes.FifoTopic !== 'true') throw snsErrors.invalidParameter('Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics');
    const attributes = queryStringMap(params, 'Attributes');
    for (const key of Object.keys(attributes)) if (!SUB_ATTRIBUTES.has(key)) throw snsErrors.invalidParameter(`Invalid parameter: Attributes Reason: Unknown attribute ${key}`);
    this.validateFilterPolicy(attributes.FilterPolicy);
    const existing = [...this.subscriptions.values()].find((s) => s.topicArn === topic.arn && s.endpoint === endpoint && s.protocol === protocol);
    if (existing) {
      if (Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v)) throw snsErrors.invalidParameter('Invalid parameter: Attributes Reason: Subscription already exists with different attributes');
      return { SubscriptionArn: existing.arn };
    }
    const arn = `${topic.arn}:${randomUUID()}`;
    this.subscriptions.set(arn, { arn, topicArn: topic.arn, protocol, endpoint, owner: ctx.account, attributes });
    return { SubscriptionArn: arn };
  }

  private validateFilterPolicy(policy: string | undefined): void {
    if (policy === undefined) return;
    try {
      const parsed: unknown = JSON.parse(policy);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    } catch {
      throw snsErrors.invalidParameter('Invalid parameter: FilterPolicy: failed to parse JSON.');
    }
  }

  private unsubscribe(params: QueryParams): Result {
    const arn = params.get('SubscriptionArn') ?? '';
    if (!this.subscriptions.delete(arn) && !arn.startsWith('arn:aws:sns:')) throw snsErrors.invalidParameter('Invalid parameter: SubscriptionArn');
    return {};
  }

  private subscriptionList(filter: (s: Subscription) => boolean): XmlValue[] {
    return [...this.subscriptions.values()].filter(filter).map((s) => ({ SubscriptionArn: s.arn, Owner: s.owner, Protocol: s.protocol, Endpoint: s.endpoint, TopicArn: s.topicArn }));
  }

  private subscriptionAttributes(sub: Subscription): Record<string, string> {
    return {
      SubscriptionArn: sub.arn,
      TopicArn: sub.topicArn,
      Owner: sub.owner,
      Protocol: sub.protocol,
      Endpoint: sub.endpoint,
      RawMessageDelivery: 'false',
      PendingConfirmation: 'false',
      ConfirmationWasAuthenticated: 'true',
      SubscriptionPrincipal: `arn:aws:iam::${sub.owner}:root`,
      ...sub.attributes,
    };
  }

  private setSubscriptionAttribute(params: QueryParams): Result {
    const sub = this.subscription(params.get('SubscriptionArn'));
    const name = params.get('AttributeName') ?? '';
    if (!SUB_ATTRIBUTES.has(name)) throw snsErrors.invalidParameter('Invalid parameter: AttributeName');
    const value = params.get('AttributeValue') ?? '';
    if (name === 'FilterPolicy') this.validateFilterPolicy(value);
    sub.attributes[name] = value;
    return {};
  }

  private messageAttributes(params: QueryParams, prefix: string): Record<string, SnsAttribute> {
    const out: Record<string, SnsAttribute> = {};
    for (let i = 1; params.has(`${prefix}.entry.${i}.Name`); i++) {
      const base = `${prefix}.entry.${i}`;
      const attr: SnsAttribute = { DataType: params.get(`${base}.Value.DataType`) ?? '' };
      if (params.has(`${base}.Value.StringValue`)) attr.StringValue = params.get(`${base}.Value.StringValue`);
      if (params.has(`${base}.Value.BinaryValue`)) attr.BinaryValue = params.get(`${base}.Value.BinaryValue`);
      if (!/^(String|Number|Binary|String\.Array)/.test(attr.DataType)) {
        throw snsErrors.invalidParameter(`Invalid parameter: MessageAttributes Reason: The message attribute '${params.get(`${base}.Name`)}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
      }
      out[params.get(`${base}.Name`)!] = attr;
    }
    if (Object.keys(out).length > 10) throw snsErrors.invalidParameter('Invalid parameter: MessageAttributes Reason: Number of message attributes exceeds the allowed maximum [10].');
    return out;
  }

  private async publish(params: QueryParams, prefix = ''): Promise<Result> {
    const topic = this.topic(params.get(`${prefix}TopicArn`) ?? params.get('TopicArn') ?? params.get('TargetArn'));
    const message = params.get(`${prefix}Message`);
    if (!message) throw snsErrors.invalidParameter('Invalid parameter: Empty message');
    const subject = params.get(`${prefix}Subject`);
    if (subject !== undefined && (subject.length === 0 || subject.length > 100 || /[\r\n]/.test(subject) || /[^\x20-\x7e]/.test(subject))) throw snsErrors.invalidParameter('Invalid parameter: Subject');
    const attributes = this.messageAttributes(params, `${prefix}MessageAttributes`);
    if (Buffer.byteLength(message) > 262144) throw snsErrors.invalidParameter('Invalid parameter: Message too long');
    const structured = params.get(`${prefix}MessageStructure`) === 'json' ? this.parseStructure(message) : undefined;
    const fifo = topic.attributes.FifoTopic === 'true';
    const groupId = params.get(`${prefix}MessageGroupId`);
    let dedupId = params.get(`${prefix}MessageDeduplicationId`);
    if (fifo) {
      if (!groupId) throw snsErrors.invalidParameter('Invalid parameter: The MessageGroupId parameter is required for FIFO topics');
      if (!dedupId) {
        if (topic.attributes.ContentBasedDeduplication !== 'true') throw snsErrors.invalidParameter('Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
        dedupId = createHash('sha256').update(message).digest('hex');
      }
    }
    const messageId = randomUUID();
    const text = structured ? (structured.sqs ?? structured.default!) : message;
    for (const sub of this.subscriptions.values()) {
      if (sub.topicArn !== topic.arn || !this.accepts(sub, attributes, text)) continue;
      await this.deliver(sub, topic, { messageId, text, subject, attributes, groupId, dedupId }).catch(() => undefined);
    }
    return { MessageId: messageId, SequenceNumber: fifo ? String(Date.now()) + '0000000000' : undefined };
  }

  private async publishBatch(params: QueryParams): Promise<Result> {
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
      throw snsErrors.invalidParameter('Invalid parameter: Message Structure - JSON message body failed to parse');
    }
    if (!parsed || typeof parsed !== 'object' || typeof (parsed as Record<string, unknown>).default !== 'string') {
      throw snsErrors.invalidParameter('Invalid parameter: Message Structure - No default entry in JSON message body');
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
    m: { messageId: string; text: string; subject?: string; attributes: Record<string, SnsAttribute>; groupId?: string; dedupId?: string },
  ): Promise<void> {
    const raw = sub.attributes.RawMessageDelivery === 'true';
    const options = { messageGroupId: m.groupId, messageDeduplicationId: m.dedupId, messageAttributes: raw ? this.sqsAttributes(m.attributes) : undefined };
    const body = raw ? m.text : this.envelope(sub, topic, m);
    await this.sqs.sendToQueueArn(sub.endpoint, body, options);
  }

  private sqsAttributes(attributes: Record<string, SnsAttribute>): Record<string, SqsMessageAttribute> | undefined {
    const entries = Object.entries(attributes);
    if (entries.length === 0) return undefined;
    return Object.fromEntries(entries.map(([k, v]) => [k, { DataType: v.DataType === 'String.Array' ? 'String' : v.DataType, StringValue: v.StringValue, BinaryValue: v.BinaryValue }]));
  }

  private envelope(sub: Subscription, topic: Topic, m: { messageId: string; text: string; subject?: string; attributes: Record<string, SnsAttribute> }): string {
    const fifo = topic.attributes.FifoTopic === 'true';
    const envelope: Record<string, unknown> = { Type: 'Notification', MessageId: m.messageId, TopicArn: topic.arn };
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
    if (attrs.length > 0) envelope.MessageAttributes = Object.fromEntries(attrs.map(([k, v]) => [k, { Type: v.DataType, Value: v.StringValue ?? v.BinaryValue ?? '' }]));
    return JSON.stringify(envelope, null, 2);
  }

  private tagResource(params: QueryParams): Result {
    const topic = this.topic(params.get('ResourceArn'));
    Object.assign(topic.tags, this.tagsOf(params));
    return {};
  }

  private untagResource(params: QueryParams): Result {
    const topic = this.topic(params.get('ResourceArn'));
    for (const key of queryList(params, 'TagKeys')) delete topic.tags[key];
    return {};
  }

  snapshot(): unknown {
    return { topics: [...this.topics.values()], subscriptions: [...this.subscriptions.values()] };
  }

  restore(data: unknown): void {
    const saved = data as { topics?: Topic[]; subscriptions?: Subscription[] } | undefined;
    for (const topic of saved?.topics ?? []) this.topics.set(topic.arn, topic);
    for (const sub of saved?.subscriptions ?? []) this.subscriptions.set(sub.arn, sub);
  }
}
