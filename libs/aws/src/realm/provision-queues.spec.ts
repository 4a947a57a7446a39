import type { SQSClient } from '@aws-sdk/client-sqs';
import { allowSenders, DEFAULT_SERVICE_QUEUE, ensureQueue } from './provision-queues';

/** A fake SQS with a set of existing queues; records every call. */
function fakeSqs(existing: string[] = []) {
  const queues = new Set(existing);
  const calls: [string, Record<string, any>][] = [];
  const url = (name: string) => `http://sqs/000000000000/${name}`;
  const send = jest.fn(async (cmd: { constructor: { name: string }; input: Record<string, any> }) => {
    const op = cmd.constructor.name.replace(/Command$/, '');
    calls.push([op, cmd.input]);
    if (op === 'GetQueueUrl') {
      if (queues.has(cmd.input.QueueName)) return { QueueUrl: url(cmd.input.QueueName) };
      throw Object.assign(new Error('nope'), { name: 'QueueDoesNotExist' });
    }
    if (op === 'CreateQueue')
      return (queues.add(cmd.input.QueueName), { QueueUrl: url(cmd.input.QueueName) });
    if (op === 'GetQueueAttributes')
      return {
        Attributes: {
          QueueArn: `arn:aws:sqs:us-east-1:000000000000:${String(cmd.input.QueueUrl).split('/').pop()}`,
        },
      };
    return {};
  });
  return { sqs: { send } as unknown as SQSClient, calls };
}

describe('ensureQueue', () => {
  it('creates the DLQ first, then the queue redriving to it', async () => {
    const { sqs, calls } = fakeSqs();
    const q = await ensureQueue(sqs, 'lava-acme-dispatch', DEFAULT_SERVICE_QUEUE);
    expect(q).toEqual({
      url: 'http://sqs/000000000000/lava-acme-dispatch',
      arn: 'arn:aws:sqs:us-east-1:000000000000:lava-acme-dispatch',
      steps: [
        { kind: 'queue', name: 'lava-acme-dispatch-dlq', action: 'created' },
        { kind: 'queue', name: 'lava-acme-dispatch', action: 'created' },
      ],
    });
    const creates = calls.filter(([op]) => op === 'CreateQueue').map(([, input]) => input);
    expect(creates).toEqual([
      { QueueName: 'lava-acme-dispatch-dlq', Attributes: { MessageRetentionPeriod: '1209600' } },
      {
        QueueName: 'lava-acme-dispatch',
        Attributes: {
          VisibilityTimeout: '60',
          MessageRetentionPeriod: '345600',
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:lava-acme-dispatch-dlq',
            maxReceiveCount: 5,
          }),
        },
      },
    ]);
  });

  it('never changes queues that exist (an operator may have tuned them)', async () => {
    const { sqs, calls } = fakeSqs(['q', 'q-dlq']);
    expect((await ensureQueue(sqs, 'q', DEFAULT_SERVICE_QUEUE)).steps.map((s) => s.action)).toEqual([
      'exists',
      'exists',
    ]);
    expect(calls.map(([op]) => op)).not.toContain('CreateQueue');
    expect(calls.map(([op]) => op)).not.toContain('SetQueueAttributes');
  });

  it('lets only the named rules and topics send', async () => {
    const { sqs, calls } = fakeSqs();
    await allowSenders(
      sqs,
      { url: 'u', arn: 'arn:q' },
      { rules: ['arn:rule', 'arn:rule/lava.acme.*'], topics: ['arn:topic'] },
    );
    const policy = JSON.parse(calls[0]?.[1].Attributes.Policy);
    expect(policy.Statement).toEqual([
      {
        Sid: 'lava-eventbridge',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: 'arn:q',
        Condition: { ArnLike: { 'aws:SourceArn': ['arn:rule', 'arn:rule/lava.acme.*'] } },
      },
      {
        Sid: 'lava-sns',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: 'arn:q',
        Condition: { ArnLike: { 'aws:SourceArn': ['arn:topic'] } },
      },
    ]);
  });
});
