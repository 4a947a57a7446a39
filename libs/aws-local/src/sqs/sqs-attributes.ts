import { sqsErrors } from './sqs-errors';

interface RangeRule {
  min: number;
  max: number;
}

/** Settable attributes with numeric ranges. */
const RANGES: Record<string, RangeRule> = {
  DelaySeconds: { min: 0, max: 900 },
  MaximumMessageSize: { min: 1024, max: 1048576 },
  MessageRetentionPeriod: { min: 60, max: 1209600 },
  ReceiveMessageWaitTimeSeconds: { min: 0, max: 20 },
  VisibilityTimeout: { min: 0, max: 43200 },
  KmsDataKeyReusePeriodSeconds: { min: 60, max: 86400 },
};
const FREE_FORM = new Set([
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'Policy',
  'KmsMasterKeyId',
  'SqsManagedSseEnabled',
]);
const FIFO_ONLY = new Set([
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
]);
export const READ_ONLY = new Set([
  'QueueArn',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
]);

export function defaultAttributes(fifo: boolean): Record<string, string> {
  const base: Record<string, string> = {
    VisibilityTimeout: '30',
    MaximumMessageSize: '1048576',
    MessageRetentionPeriod: '345600',
    DelaySeconds: '0',
    ReceiveMessageWaitTimeSeconds: '0',
    SqsManagedSseEnabled: 'true',
  };
  if (fifo)
    Object.assign(base, {
      FifoQueue: 'true',
      ContentBasedDeduplication: 'false',
      DeduplicationScope: 'queue',
      FifoThroughputLimit: 'perQueue',
    });
  return base;
}

function normaliseBoolean(name: string, value: string): string {
  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false') throw sqsErrors.invalidAttributeValue(name);
  return lower;
}

/** Validates one settable attribute for a queue of the given type; returns the normalised value. */
export function validateAttribute(name: string, value: string, fifo: boolean): string {
  if (READ_ONLY.has(name)) throw sqsErrors.invalidAttributeName(`Unknown Attribute ${name}.`);
  const range = RANGES[name];
  if (range) {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < range.min || n > range.max)
      throw sqsErrors.invalidAttributeValue(name);
    return String(n);
  }
  if (FIFO_ONLY.has(name)) return validateFifoAttribute(name, value, fifo);
  if (name === 'SqsManagedSseEnabled') return normaliseBoolean(name, value);
  if (FREE_FORM.has(name)) return value;
  throw sqsErrors.invalidAttributeName(`Unknown Attribute ${name}.`);
}

function validateFifoAttribute(name: string, value: string, fifo: boolean): string {
  if (!fifo) {
    if (name === 'DeduplicationScope' || name === 'FifoThroughputLimit') {
      throw sqsErrors.invalidAttributeName(`You can specify the ${name} only when FifoQueue is set to true.`);
    }
    throw sqsErrors.invalidAttributeName(`Unknown Attribute ${name}.`);
  }
  if (name === 'DeduplicationScope' && value !== 'queue' && value !== 'messageGroup')
    throw sqsErrors.invalidAttributeValue(name);
  if (name === 'FifoThroughputLimit' && value !== 'perQueue' && value !== 'perMessageGroupId')
    throw sqsErrors.invalidAttributeValue(name);
  if (name === 'FifoQueue' || name === 'ContentBasedDeduplication') return normaliseBoolean(name, value);
  return value;
}

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

/** Parses and range-checks a RedrivePolicy JSON string. */
export function parseRedrivePolicy(text: string): RedrivePolicy {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw sqsErrors.invalidParameterValue(
      `Value ${text} for parameter RedrivePolicy is invalid. Reason: Invalid JSON.`,
    );
  }
  const policy = parsed as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
  const count = Number(policy.maxReceiveCount);
  if (typeof policy.deadLetterTargetArn !== 'string' || policy.maxReceiveCount === undefined) {
    throw sqsErrors.invalidParameterValue(
      `Value ${text} for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: ${typeof policy.deadLetterTargetArn !== 'string' ? 'deadLetterTargetArn' : 'maxReceiveCount'}.`,
    );
  }
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw sqsErrors.invalidParameterValue(
      `Value ${text} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: ${String(policy.maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`,
    );
  }
  return { deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount: count };
}
