import { readS3Events, type S3EventInfo } from './s3-event';
import {
  checkTriggerConditions,
  findTriggerLevel,
  fnmatch,
  isUnderLocation,
  s3DedupKey,
  s3TriggerIdempotencyKey,
  triggerPrefixProbes,
} from './s3-trigger-match';
import { TriggerConditionError, TriggerEventError } from './trigger-errors';

const notification = {
  eventSource: 'aws:s3',
  awsRegion: 'ap-southeast-2',
  eventTime: '2024-05-01T03:00:05.120Z',
  eventName: 'ObjectCreated:Put',
  requestParameters: { sourceIPAddress: '203.0.113.9' },
  s3: {
    bucket: { name: 'acme-landing' },
    object: { key: 'sales/daily/x%2By.csv', size: 5000, sequencer: '0A1B' },
  },
};
const bridge = {
  id: 'e-1',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  time: '2024-05-01T03:00:05Z',
  region: 'ap-southeast-2',
  detail: {
    bucket: { name: 'acme-landing' },
    object: { key: 'sales/daily/x+y.csv', size: 5000, sequencer: '0A1B' },
    'source-ip-address': '203.0.113.9',
    reason: 'PutObject',
  },
};

describe('readS3Events', () => {
  it.each([
    ['a bare notification', { Records: [notification] }, 'ObjectCreated:Put'],
    [
      'a notification inside an SQS record',
      { Records: [{ eventSource: 'aws:sqs', body: JSON.stringify({ Records: [notification] }) }] },
      'ObjectCreated:Put',
    ],
    [
      'a notification inside an SNS record',
      {
        Records: [{ EventSource: 'aws:sns', Sns: { Message: JSON.stringify({ Records: [notification] }) } }],
      },
      'ObjectCreated:Put',
    ],
    [
      'an SNS-to-SQS notification',
      { Type: 'Notification', Message: JSON.stringify({ Records: [notification] }) },
      'ObjectCreated:Put',
    ],
    ['an EventBridge event', bridge, 'ObjectCreated:PutObject'],
  ])('reads %s into the canonical info', (_name, body, eventType) => {
    const [record] = readS3Events(JSON.stringify(body));
    expect(record!.info).toEqual({
      bucket: 'acme-landing',
      key: 'sales/daily/x+y.csv',
      size: 5000,
      source_ip: '203.0.113.9',
      event_time: eventType === 'ObjectCreated:Put' ? '2024-05-01T03:00:05.120Z' : '2024-05-01T03:00:05Z',
      event_type: eventType,
      aws_region: 'ap-southeast-2',
    });
    expect(record!.change_id).toBe('seq:0A1B');
  });

  it('decodes notification keys (+ and %xx) but keeps EventBridge keys as they are', () => {
    const n = { ...notification, s3: { ...notification.s3, object: { key: 'a+b%20c%ZZ', size: 1 } } };
    expect(readS3Events({ Records: [n] })[0]!.info.key).toBe('a b c%ZZ');
    const e = { ...bridge, detail: { ...bridge.detail, object: { key: 'a+b%20c', size: 1 } } };
    expect(readS3Events(e)[0]!.info.key).toBe('a+b%20c');
  });

  it('reads a deletion without a size as size null, and the event type from detail-type and reason', () => {
    const del = {
      ...bridge,
      'detail-type': 'Object Deleted',
      detail: { bucket: bridge.detail.bucket, object: { key: 'k' }, reason: 'DeleteObject' },
    };
    expect(readS3Events(del)[0]!.info).toMatchObject({
      size: null,
      event_type: 'ObjectDeleted:DeleteObject',
      source_ip: null,
    });
  });

  it('ignores the s3:TestEvent S3 sends when notifications are configured', () => {
    expect(readS3Events({ Service: 'Amazon S3', Event: 's3:TestEvent' })).toEqual([]);
  });

  it.each([
    ['not JSON', '{oops', /Malformed JSON/],
    ['an unknown shape', { hello: 1 }, /Cannot determine event format/],
    [
      'an unknown record source',
      { Records: [{ eventSource: 'aws:kinesis' }] },
      /Event source aws:kinesis not supported/,
    ],
    [
      'a notification without a key',
      { Records: [{ eventSource: 'aws:s3', eventName: 'x', s3: { bucket: { name: 'b' } } }] },
      /lacks/,
    ],
  ])('refuses %s with a TriggerEventError', (_n, body, message) => {
    const read = () => readS3Events(typeof body === 'string' ? body : JSON.stringify(body));
    expect(read).toThrow(TriggerEventError);
    expect(read).toThrow(message);
  });
});

describe('triggerPrefixProbes', () => {
  it.each([
    ['a/b/c.txt', ['a/b/c.txt', 'a/b', 'a', '*']],
    ['a/b/', ['a/b/', 'a/b', 'a', '*']],
    ['top.txt', ['top.txt', '*']],
  ])('probes %s as %j', (key, probes) => expect(triggerPrefixProbes(key)).toEqual(probes));

  it('returns the deepest level with any trigger, and nothing when no level has one', async () => {
    const table: Record<string, string[]> = { 'a/b': ['t1', 't2'], a: ['t3'], '*': ['root'] };
    const lookup = async (p: string) => table[p] ?? [];
    await expect(findTriggerLevel('a/b/c.txt', lookup)).resolves.toEqual({
      prefix: 'a/b',
      triggers: ['t1', 't2'],
    });
    await expect(findTriggerLevel('a/bc.txt', lookup)).resolves.toEqual({ prefix: 'a', triggers: ['t3'] });
    await expect(findTriggerLevel('z.txt', lookup)).resolves.toEqual({ prefix: '*', triggers: ['root'] });
    await expect(findTriggerLevel('z.txt', async () => [])).resolves.toBeUndefined();
  });
});

describe('fnmatch', () => {
  it.each([
    ['x.csv', '*.csv', true],
    ['a/b/x.csv', '*.csv', true],
    ['x.CSV', '*.csv', false],
    ['x1.csv', 'x?.csv', true],
    ['xa.csv', 'x[0-9].csv', false],
    ['xa.csv', 'x[!0-9].csv', true],
    ['x[.csv', 'x[.csv', true],
    ['a.b', 'a.b', true],
    ['axb', 'a.b', false],
    ['a(1)+', 'a(1)+', true],
  ])('%s ~ %s is %s', (name, glob, expected) => expect(fnmatch(name, glob)).toBe(expected));
});

describe('checkTriggerConditions', () => {
  const info: S3EventInfo = {
    bucket: 'b',
    key: 'in/part 1.csv.gz',
    size: 5000,
    source_ip: null,
    event_time: null,
    event_type: 'ObjectCreated:Put',
    aws_region: null,
  };
  it.each([
    [{}, { pass: true }],
    [{ if_fnmatch: '*.csv.gz' }, { pass: true }],
    [{ if_fnmatch: ['*.txt', '*.gz'] }, { pass: true }],
    [{ if_fnmatch: '*.txt' }, { pass: false, condition: 'if_fnmatch' }],
    [{ if_not_fnmatch: '*.gz' }, { pass: false, condition: 'if_not_fnmatch' }],
    [{ if_size_gt: '1KiB' }, { pass: true }],
    [{ if_size_gt: 5000 }, { pass: false, condition: 'if_size_gt' }],
    [{ if_not_size_gt: '10K' }, { pass: true }],
    [{ if_event_type: 'ObjectCreated:*' }, { pass: true }],
    [{ if_event_type: 'ObjectRemoved:*' }, { pass: false, condition: 'if_event_type' }],
    [
      { if_fnmatch: '*.gz', if_size_gt: '1M' },
      { pass: false, condition: 'if_size_gt' },
    ],
    [{ job_id: 'ignored', enabled: true }, { pass: true }],
  ])('%j → %j', (trigger, outcome) => expect(checkTriggerConditions(trigger, info)).toEqual(outcome));

  it('decodes the key again for if_fnmatch, as the original did (a + becomes a space)', () => {
    expect(checkTriggerConditions({ if_fnmatch: '* *' }, { ...info, key: 'a+b' })).toEqual({ pass: true });
  });

  it('never passes if_size_gt for an event without a size', () => {
    expect(checkTriggerConditions({ if_size_gt: 0 }, { ...info, size: null })).toEqual({
      pass: false,
      condition: 'if_size_gt',
    });
  });

  it.each([
    [{ if_colour: 'red' }, /if_colour: unknown condition/],
    [{ if_size_gt: 'lots' }, /if_size_gt: /],
    [{ if_fnmatch: 3 }, /if_fnmatch: must be a glob/],
  ])('refuses %j with a TriggerConditionError', (trigger, message) => {
    expect(() => checkTriggerConditions(trigger, info)).toThrow(TriggerConditionError);
    expect(() => checkTriggerConditions(trigger, info)).toThrow(message);
  });
});

describe('output loop guard and keys', () => {
  it.each([
    ['lava-acme', 'tmp/job/run/out.txt', 's3://lava-acme/tmp', true],
    ['lava-acme', 'tmp', 's3://lava-acme/tmp/', true],
    ['lava-acme', 'tmpfile.txt', 's3://lava-acme/tmp', false],
    ['other', 'tmp/x', 's3://lava-acme/tmp', false],
    ['lava-acme', 'anything', 's3://lava-acme', true],
    ['lava-acme', 'tmp/x', undefined, false],
  ])('s3://%s/%s under %s is %s', (bucket, key, location, expected) =>
    expect(isUnderLocation({ bucket, key }, location)).toBe(expected),
  );

  it('gives a redelivered change the same idempotency key, and another change or trigger another', () => {
    const [a] = readS3Events({ Records: [notification] });
    const [b] = readS3Events({ Records: [notification] });
    const [viaBridge] = readS3Events(bridge);
    const [later] = readS3Events({
      Records: [
        {
          ...notification,
          s3: { ...notification.s3, object: { ...notification.s3.object, sequencer: '0A1C' } },
        },
      ],
    });
    const key = s3TriggerIdempotencyKey('t', 'etl/load', a!);
    expect(key).toMatch(/^s3trigger\/t\/etl\/load\/[0-9a-f]{32}$/);
    expect(s3TriggerIdempotencyKey('t', 'etl/load', b!)).toBe(key);
    expect(s3TriggerIdempotencyKey('t', 'etl/load', viaBridge!)).toBe(key);
    expect(s3TriggerIdempotencyKey('t', 'etl/load', later!)).not.toBe(key);
    expect(s3TriggerIdempotencyKey('u', 'etl/load', a!)).not.toBe(key);
    expect(s3DedupKey(a!.info)).toBe(s3DedupKey(b!.info));
  });
});
