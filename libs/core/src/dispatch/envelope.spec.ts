import { DispatchRequestError } from '../errors';
import { extractDispatchBodies } from './envelope';
import { parseDispatchRequests } from './parse-requests';

const expected = [{ job_id: 'etl/load', parameters: { day: '2024-05-01' }, globals: {}, delay_seconds: 0 }];

describe('extractDispatchBodies', () => {
  it.each<[string, unknown]>([
    ['SNS', { Records: [{ EventSource: 'aws:sns', Sns: { Message: 'etl/load -p day=2024-05-01' } }] }],
    [
      'SQS',
      {
        Records: [
          { eventSource: 'aws:sqs', body: '{"job_id": "etl/load", "parameters": {"day": "2024-05-01"}}' },
        ],
      },
    ],
    ['direct', { job_id: 'etl/load', parameters: { day: '2024-05-01' } }],
  ])('%s envelope gives the same single dispatch', (_name, event) => {
    const bodies = extractDispatchBodies(event);
    expect(bodies).toHaveLength(1);
    const body = bodies[0]!.body;
    expect(parseDispatchRequests(typeof body === 'string' ? body : JSON.stringify(body))).toEqual(expected);
  });

  it('keeps each record of a batch separate', () => {
    const event = {
      Records: [
        { eventSource: 'aws:sqs', body: 'a' },
        { eventSource: 'aws:sqs', body: 'b' },
      ],
    };
    expect(extractDispatchBodies(event).map((b) => [b.where, b.body])).toEqual([
      ['record 1', 'a'],
      ['record 2', 'b'],
    ]);
  });

  it.each<[unknown, string]>([
    [{ Records: [{ eventSource: 'aws:kinesis' }] }, 'Event source aws:kinesis not supported'],
    [{ 'detail-type': 'Object Created' }, 'Cannot determine event format'],
    ['text', 'Cannot determine event format'],
  ])('refuses %j', (event, message) => {
    expect(() => extractDispatchBodies(event)).toThrow(DispatchRequestError);
    expect(() => extractDispatchBodies(event)).toThrow(message);
  });
});
