import { SqsQueue } from './sqs-queue';
import type { StoredMessage } from './sqs-message';
import { defaultAttributes } from './sqs-attributes';

function message(id: string, groupId?: string): StoredMessage {
  return {
    id,
    body: id,
    md5OfBody: '',
    system: {},
    sentAt: Date.now(),
    receiveCount: 0,
    state: 'visible',
    visibleAt: 0,
    inReady: false,
    groupId,
  };
}

const receive = (queue: SqsQueue, max: number, visibilityTimeout = 30) =>
  queue.receive({ max, visibilityTimeout, now: Date.now(), resolveArn: () => undefined });

describe('SqsQueue', () => {
  afterEach(() => jest.useRealTimers());

  it('hands out standard messages oldest first and counts states', () => {
    const queue = new SqsQueue('q', '000000000000', 'us-east-1', defaultAttributes(false), Date.now());
    for (const id of ['a', 'b', 'c']) queue.enqueue(message(id), 0, Date.now());
    expect(receive(queue, 2).map((m) => m.id)).toEqual(['a', 'b']);
    expect(queue.counts).toEqual({ visible: 1, inflight: 2, delayed: 0 });
    queue.close();
  });

  it('makes a message visible again when its timeout expires and wakes a waiter', () => {
    jest.useFakeTimers();
    const queue = new SqsQueue('q', '000000000000', 'us-east-1', defaultAttributes(false), Date.now());
    queue.enqueue(message('a'), 0, Date.now());
    expect(receive(queue, 1, 5)).toHaveLength(1);
    const woken: string[] = [];
    queue.waiters.add({
      wake: () => (woken.push(...receive(queue, 1).map((m) => m.id)), true),
      cancel: () => undefined,
    });
    jest.advanceTimersByTime(5000);
    expect(woken).toEqual(['a']);
    queue.close();
  });

  it('blocks a FIFO group while one of its messages is in flight', () => {
    const queue = new SqsQueue('q.fifo', '000000000000', 'us-east-1', defaultAttributes(true), Date.now());
    queue.enqueue(message('a1', 'a'), 0, Date.now());
    queue.enqueue(message('a2', 'a'), 0, Date.now());
    queue.enqueue(message('b1', 'b'), 0, Date.now());
    const first = receive(queue, 1);
    expect(first.map((m) => m.id)).toEqual(['a1']);
    expect(receive(queue, 10).map((m) => m.id)).toEqual(['b1']);
    queue.remove(first[0]!);
    expect(receive(queue, 10).map((m) => m.id)).toEqual(['a2']);
    queue.close();
  });

  it('recognises only its own receipt handles', () => {
    const queue = new SqsQueue('q', '000000000000', 'us-east-1', defaultAttributes(false), Date.now());
    queue.enqueue(message('a'), 0, Date.now());
    const [got] = receive(queue, 1);
    expect(queue.messageIdOf(got!.receipt!)).toBe('a');
    expect(queue.messageIdOf('garbage')).toBeUndefined();
    const other = new SqsQueue('other', '000000000000', 'us-east-1', defaultAttributes(false), Date.now());
    expect(other.messageIdOf(got!.receipt!)).toBeUndefined();
    queue.close();
  });
});
