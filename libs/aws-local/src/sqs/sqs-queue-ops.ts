import type { RequestContext } from '../contracts';
import { READ_ONLY, defaultAttributes, parseRedrivePolicy, validateAttribute } from './sqs-attributes';
import { sqsErrors } from './sqs-errors';
import { SqsQueue } from './sqs-queue';
import { SqsRegistry } from './sqs-registry';

type Input = Record<string, unknown>;
const NAME = /^[A-Za-z0-9_-]{1,80}$/;

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/** Queue lifecycle and attribute operations. */
export class SqsQueueOps {
  constructor(
    private readonly registry: SqsRegistry,
    private readonly now: () => number,
  ) {}

  createQueue(input: Input, ctx: RequestContext): Input {
    const name = input.QueueName;
    if (typeof name !== 'string' || name.length === 0) throw sqsErrors.missingParameter('QueueName');
    const requested = stringMap(input.Attributes);
    const fifo = requested.FifoQueue?.toLowerCase() === 'true';
    this.validateName(name, fifo);
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(requested))
      attributes[key] = validateAttribute(key, value, fifo);
    if (attributes.RedrivePolicy) this.validateDlq(attributes.RedrivePolicy, fifo);
    const existing = this.registry.byName(ctx, name);
    if (existing) return this.reuse(existing, attributes, ctx);
    const queue = new SqsQueue(
      name,
      ctx.account,
      ctx.region,
      { ...defaultAttributes(fifo), ...attributes },
      this.now(),
    );
    queue.tags = stringMap(input.tags);
    this.registry.add(queue);
    return { QueueUrl: SqsRegistry.url(ctx, queue) };
  }

  private validateName(name: string, fifo: boolean): void {
    const bare = name.endsWith('.fifo') ? name.slice(0, -5) : name;
    if (!NAME.test(bare) || name.length > 80) {
      throw sqsErrors.invalidParameterValue(
        'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
      );
    }
    if (name.endsWith('.fifo') && !fifo) {
      throw sqsErrors.invalidParameterValue(
        'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix. The queue name is too long or has invalid characters. Set FifoQueue attribute to true to create a FIFO queue.',
      );
    }
    if (fifo && !name.endsWith('.fifo')) {
      throw sqsErrors.invalidParameterValue(
        'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
      );
    }
  }

  private validateDlq(policyText: string, fifo: boolean): void {
    const policy = parseRedrivePolicy(policyText);
    const dlq = this.registry.arn(policy.deadLetterTargetArn);
    if (!dlq) {
      throw sqsErrors.invalidParameterValue(
        `Value ${policyText} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`,
      );
    }
    if (dlq.fifo !== fifo) {
      throw sqsErrors.invalidParameterValue(
        `Value ${policyText} for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source.`,
      );
    }
  }

  private reuse(queue: SqsQueue, attributes: Record<string, string>, ctx: RequestContext): Input {
    for (const [key, value] of Object.entries(attributes)) {
      if (queue.attributes[key] !== value) throw sqsErrors.queueNameExists(key);
    }
    return { QueueUrl: SqsRegistry.url(ctx, queue) };
  }

  getQueueUrl(input: Input, ctx: RequestContext): Input {
    const account =
      typeof input.QueueOwnerAWSAccountId === 'string' ? input.QueueOwnerAWSAccountId : ctx.account;
    const queue =
      typeof input.QueueName === 'string'
        ? this.registry.byName({ account, region: ctx.region }, input.QueueName)
        : undefined;
    if (!queue) throw sqsErrors.queueDoesNotExist();
    return { QueueUrl: SqsRegistry.url(ctx, queue) };
  }

  listQueues(input: Input, ctx: RequestContext): Input {
    const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
    const names = [...this.registry.scope(ctx.account, ctx.region).values()]
      .filter((q) => q.name.startsWith(prefix))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const max = typeof input.MaxResults === 'number' ? input.MaxResults : undefined;
    if (max !== undefined && (max < 1 || max > 1000)) {
      throw sqsErrors.invalidParameterValue(
        `Value ${max} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.`,
      );
    }
    const start =
      typeof input.NextToken === 'string'
        ? Number(Buffer.from(input.NextToken, 'base64').toString()) || 0
        : 0;
    const page = names.slice(start, start + (max ?? 1000));
    const out: Input = {};
    if (page.length > 0) out.QueueUrls = page.map((q) => SqsRegistry.url(ctx, q));
    if (max !== undefined && start + max < names.length)
      out.NextToken = Buffer.from(String(start + max)).toString('base64');
    return out;
  }

  deleteQueue(input: Input, ctx: RequestContext): Input {
    const queue = this.registry.fromUrl(ctx, input.QueueUrl);
    queue.close();
    this.registry.remove(queue);
    return {};
  }

  purgeQueue(input: Input, ctx: RequestContext): Input {
    this.registry.fromUrl(ctx, input.QueueUrl).purge();
    return {};
  }

  getQueueAttributes(input: Input, ctx: RequestContext): Input {
    const queue = this.registry.fromUrl(ctx, input.QueueUrl);
    const names = Array.isArray(input.AttributeNames) ? (input.AttributeNames as string[]) : [];
    if (names.length === 0) return {};
    const all = this.allAttributes(queue);
    const wanted = names.includes('All') ? Object.keys(all) : names;
    const out: Record<string, string> = {};
    for (const name of wanted) {
      if (!(name in all) && !this.isKnown(name))
        throw sqsErrors.invalidAttributeName(`Unknown Attribute ${name}.`);
      if (all[name] !== undefined) out[name] = all[name];
    }
    return Object.keys(out).length > 0 ? { Attributes: out } : {};
  }

  private isKnown(name: string): boolean {
    if (READ_ONLY.has(name)) return true;
    try {
      validateAttribute(name, 'x', true);
      return true;
    } catch (error) {
      return (error as { code?: string }).code !== 'InvalidAttributeName';
    }
  }

  private allAttributes(queue: SqsQueue): Record<string, string> {
    return {
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: String(queue.counts.visible),
      ApproximateNumberOfMessagesNotVisible: String(queue.counts.inflight),
      ApproximateNumberOfMessagesDelayed: String(queue.counts.delayed),
      CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.lastModified / 1000)),
      ...queue.attributes,
    };
  }

  setQueueAttributes(input: Input, ctx: RequestContext): Input {
    const queue = this.registry.fromUrl(ctx, input.QueueUrl);
    const attributes = stringMap(input.Attributes);
    const updates: Record<string, string> = {};
    for (const [key, value] of Object.entries(attributes)) {
      if (key === 'FifoQueue') {
        if (!queue.fifo) throw sqsErrors.invalidAttributeName(`Unknown Attribute ${key}.`);
        throw sqsErrors.invalidAttributeValue('FifoQueue', 'Modifying queue type is not supported.');
      }
      if ((key === 'RedrivePolicy' || key === 'Policy' || key === 'RedriveAllowPolicy') && value === '') {
        updates[key] = '';
        continue;
      }
      updates[key] = validateAttribute(key, value, queue.fifo);
      if (key === 'RedrivePolicy') this.validateDlq(updates[key], queue.fifo);
    }
    for (const [key, value] of Object.entries(updates)) {
      if (value === '') delete queue.attributes[key];
      else queue.attributes[key] = value;
    }
    queue.refreshRedrive();
    queue.lastModified = this.now();
    return {};
  }

  listDeadLetterSourceQueues(input: Input, ctx: RequestContext): Input {
    const dlq = this.registry.fromUrl(ctx, input.QueueUrl);
    const sources = this.registry.all().filter((q) => q.redrivePolicy?.deadLetterTargetArn === dlq.arn);
    return { queueUrls: sources.map((q) => SqsRegistry.url(ctx, q)) };
  }

  tagQueue(input: Input, ctx: RequestContext): Input {
    const queue = this.registry.fromUrl(ctx, input.QueueUrl);
    Object.assign(queue.tags, stringMap(input.Tags));
    return {};
  }

  untagQueue(input: Input, ctx: RequestContext): Input {
    const queue = this.registry.fromUrl(ctx, input.QueueUrl);
    for (const key of Array.isArray(input.TagKeys) ? (input.TagKeys as string[]) : []) delete queue.tags[key];
    return {};
  }

  listQueueTags(input: Input, ctx: RequestContext): Input {
    const queue = this.registry.fromUrl(ctx, input.QueueUrl);
    return Object.keys(queue.tags).length > 0 ? { Tags: { ...queue.tags } } : {};
  }
}
