import { randomUUID } from 'node:crypto';
import type { Persistable, RequestContext, SqsDelivery } from '../contracts';
import {
  queryList,
  queryStringMap,
  XmlMap,
  type QueryParams,
  type QueryService,
  type XmlValue,
} from '../edge/query-protocol';
import { snsErrors } from './sns-errors';
import type { Subscription, Topic } from './sns-model';
import { SnsPublisher } from './sns-publisher';

type Result = Record<string, XmlValue>;

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const SUB_ATTRIBUTES = new Set([
  'RawMessageDelivery',
  'FilterPolicy',
  'FilterPolicyScope',
  'RedrivePolicy',
  'DeliveryPolicy',
  'SubscriptionRoleArn',
]);

/** SNS over awsQuery: topics, SQS subscriptions, publish with raw or enveloped delivery. */
export class SnsService implements QueryService, Persistable {
  readonly xmlNamespace = 'http://sns.amazonaws.com/doc/2010-03-31/';
  private readonly topics = new Map<string, Topic>();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly publisher: SnsPublisher;

  constructor(options: { sqs: SqsDelivery }) {
    this.publisher = new SnsPublisher(
      (arn) => this.topic(arn),
      () => this.subscriptions.values(),
      options.sqs,
    );
  }

  async handle(action: string, params: QueryParams, ctx: RequestContext): Promise<Result> {
    switch (action) {
      case 'CreateTopic':
        return this.createTopic(params, ctx);
      case 'DeleteTopic':
        return this.deleteTopic(params);
      case 'ListTopics':
        return this.listTopics(params, ctx);
      case 'GetTopicAttributes':
        return { Attributes: new XmlMap(this.topicAttributes(this.topic(params.get('TopicArn')))) };
      case 'SetTopicAttributes':
        return this.setTopicAttribute(params);
      case 'Subscribe':
        return this.subscribe(params, ctx);
      case 'Unsubscribe':
        return this.unsubscribe(params);
      case 'ListSubscriptions':
        return { Subscriptions: this.subscriptionList((s) => s.owner === ctx.account) };
      case 'ListSubscriptionsByTopic':
        return {
          Subscriptions: this.subscriptionList((s) => s.topicArn === this.topic(params.get('TopicArn')).arn),
        };
      case 'GetSubscriptionAttributes':
        return {
          Attributes: new XmlMap(
            this.subscriptionAttributes(this.subscription(params.get('SubscriptionArn'))),
          ),
        };
      case 'SetSubscriptionAttributes':
        return this.setSubscriptionAttribute(params);
      case 'Publish':
        return this.publisher.publish(params);
      case 'PublishBatch':
        return this.publisher.publishBatch(params);
      case 'TagResource':
        return this.tagResource(params);
      case 'UntagResource':
        return this.untagResource(params);
      case 'ListTagsForResource':
        return {
          Tags: Object.entries(this.topic(params.get('ResourceArn')).tags).map(([Key, Value]) => ({
            Key,
            Value,
          })),
        };
      default:
        throw snsErrors.unsupported(action);
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
    for (let i = 1; params.has(`Tags.member.${i}.Key`); i++)
      tags[params.get(`Tags.member.${i}.Key`)!] = params.get(`Tags.member.${i}.Value`) ?? '';
    return tags;
  }

  private createTopic(params: QueryParams, ctx: RequestContext): Result {
    const name = params.get('Name') ?? '';
    const attributes = queryStringMap(params, 'Attributes');
    const fifo = attributes.FifoTopic === 'true';
    const bare = name.endsWith('.fifo') ? name.slice(0, -5) : name;
    if (!TOPIC_NAME.test(bare) || name.endsWith('.fifo') !== fifo) {
      throw snsErrors.invalidParameter(
        fifo || name.endsWith('.fifo')
          ? 'Invalid parameter: Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.'
          : 'Invalid parameter: Topic Name',
      );
    }
    const arn = `arn:aws:sns:${ctx.region}:${ctx.account}:${name}`;
    const tags = this.tagsOf(params);
    const existing = this.topics.get(arn);
    if (existing) {
      if (Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v))
        throw snsErrors.invalidParameter(
          'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
        );
      if (Object.keys(tags).length > 0 && Object.entries(tags).some(([k, v]) => existing.tags[k] !== v))
        throw snsErrors.invalidParameter(
          'Invalid parameter: Tags Reason: Topic already exists with different tags',
        );
      return { TopicArn: arn };
    }
    this.topics.set(arn, { arn, name, account: ctx.account, region: ctx.region, attributes, tags });
    return { TopicArn: arn };
  }

  private deleteTopic(params: QueryParams): Result {
    const arn = params.get('TopicArn') ?? '';
    this.topics.delete(arn);
    for (const [subArn, sub] of this.subscriptions)
      if (sub.topicArn === arn) this.subscriptions.delete(subArn);
    return {};
  }

  private listTopics(params: QueryParams, ctx: RequestContext): Result {
    const all = [...this.topics.values()].filter((t) => t.account === ctx.account && t.region === ctx.region);
    const start = Number(params.get('NextToken') ?? 0) || 0;
    const page = all.slice(start, start + 100);
    return {
      Topics: page.map((t) => ({ TopicArn: t.arn })),
      NextToken: start + 100 < all.length ? String(start + 100) : undefined,
    };
  }

  private topicAttributes(topic: Topic): Record<string, string> {
    const subs = [...this.subscriptions.values()].filter((s) => s.topicArn === topic.arn).length;
    const policy = {
      Version: '2008-10-17',
      Id: '__default_policy_ID',
      Statement: [
        {
          Sid: '__default_statement_ID',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['SNS:Publish', 'SNS:Subscribe', 'SNS:GetTopicAttributes'],
          Resource: topic.arn,
          Condition: { StringEquals: { 'AWS:SourceOwner': topic.account } },
        },
      ],
    };
    return {
      TopicArn: topic.arn,
      Owner: topic.account,
      Policy: JSON.stringify(policy),
      DisplayName: '',
      SubscriptionsConfirmed: String(subs),
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
      EffectiveDeliveryPolicy: JSON.stringify({
        http: {
          defaultHealthyRetryPolicy: {
            minDelayTarget: 20,
            maxDelayTarget: 20,
            numRetries: 3,
            numMaxDelayRetries: 0,
            numNoDelayRetries: 0,
            numMinDelayRetries: 0,
            backoffFunction: 'linear',
          },
          disableSubscriptionOverrides: false,
        },
      }),
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
    if (protocol !== 'sqs')
      throw snsErrors.invalidParameter(
        `Invalid parameter: Protocol ${protocol} is not supported by lava-aws-local (only sqs).`,
      );
    if (!/^arn:aws:sqs:[^:]+:\d{12}:[A-Za-z0-9_.-]+$/.test(endpoint))
      throw snsErrors.invalidParameter('Invalid parameter: SQS endpoint ARN');
    if (endpoint.endsWith('.fifo') && topic.attributes.FifoTopic !== 'true')
      throw snsErrors.invalidParameter(
        'Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics',
      );
    const attributes = queryStringMap(params, 'Attributes');
    for (const key of Object.keys(attributes))
      if (!SUB_ATTRIBUTES.has(key))
        throw snsErrors.invalidParameter(`Invalid parameter: Attributes Reason: Unknown attribute ${key}`);
    this.validateFilterPolicy(attributes.FilterPolicy);
    const existing = [...this.subscriptions.values()].find(
      (s) => s.topicArn === topic.arn && s.endpoint === endpoint && s.protocol === protocol,
    );
    if (existing) {
      if (Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v))
        throw snsErrors.invalidParameter(
          'Invalid parameter: Attributes Reason: Subscription already exists with different attributes',
        );
      return { SubscriptionArn: existing.arn };
    }
    const arn = `${topic.arn}:${randomUUID()}`;
    this.subscriptions.set(arn, {
      arn,
      topicArn: topic.arn,
      protocol,
      endpoint,
      owner: ctx.account,
      attributes,
    });
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
    if (!this.subscriptions.delete(arn) && !arn.startsWith('arn:aws:sns:'))
      throw snsErrors.invalidParameter('Invalid parameter: SubscriptionArn');
    return {};
  }

  private subscriptionList(filter: (s: Subscription) => boolean): XmlValue[] {
    return [...this.subscriptions.values()].filter(filter).map((s) => ({
      SubscriptionArn: s.arn,
      Owner: s.owner,
      Protocol: s.protocol,
      Endpoint: s.endpoint,
      TopicArn: s.topicArn,
    }));
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
