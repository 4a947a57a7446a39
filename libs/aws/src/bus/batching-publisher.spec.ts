import { BatchingBusPublisher } from './batching-publisher';
import type { PublishableEvent } from './bus-publisher';

const ev = (n: number): PublishableEvent => ({
  source: 'lava.worker',
  detailType: 'Job Run Started',
  detail: { n },
});

describe('BatchingBusPublisher', () => {
  it('coalesces concurrent publishes into calls of at most 10 entries, in order', async () => {
    const calls: number[][] = [];
    const batching = new BatchingBusPublisher(
      {
        publish: async (events) =>
          void calls.push(events.map((e) => (e as { detail: { n: number } }).detail.n)),
      },
      20,
    );
    await Promise.all(Array.from({ length: 23 }, (_, i) => batching.publish([ev(i)])));
    expect(calls.map((c) => c.length)).toEqual([10, 10, 3]);
    expect(calls.flat()).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  it('sends a lone event after the linger time and rejects only the callers whose call failed', async () => {
    let fail = true;
    const batching = new BatchingBusPublisher(
      {
        publish: async () => {
          if (fail) throw new Error('bus down');
        },
      },
      1,
    );
    await expect(batching.publish([ev(1)])).rejects.toThrow('bus down');
    fail = false;
    await expect(batching.publish([ev(2)])).resolves.toBeUndefined();
  });

  it('keeps a caller of more than 10 events whole, split by the underlying publisher', async () => {
    const sizes: number[] = [];
    const batching = new BatchingBusPublisher(
      { publish: async (events) => void sizes.push(events.length) },
      1,
    );
    await Promise.all([
      batching.publish(Array.from({ length: 12 }, (_, i) => ev(i))),
      batching.publish([ev(99)]),
    ]);
    expect(sizes).toEqual([12, 1]);
  });
});
