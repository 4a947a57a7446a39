import type { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { BusPublishError } from '../errors';
import { BusPublisher, type BusEvent } from './bus-publisher';

type Entry = { DetailType?: string; Detail?: string; EventBusName?: string; Source?: string };

/** A fake EventBridge that refuses entries while `refuse(entry, call)` says so. */
function fakeBus(refuse: (entry: Entry, call: number) => boolean = () => false) {
  const calls: Entry[][] = [];
  const client = {
    send: jest.fn(async (command: PutEventsCommand) => {
      const entries = (command.input.Entries ?? []) as Entry[];
      calls.push(entries);
      const results = entries.map((e) =>
        refuse(e, calls.length)
          ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }
          : { EventId: 'id' },
      );
      return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
    }),
  };
  return { client: client as unknown as EventBridgeClient, calls };
}

const events = (n: number): BusEvent[] =>
  Array.from({ length: n }, (_, i) => ({ source: 'lava.test', detailType: `E${i}`, detail: { i } }));

describe('BusPublisher', () => {
  const noSleep = async () => undefined;

  it('batches 10 entries per PutEvents on its bus', async () => {
    const bus = fakeBus();
    await new BusPublisher(bus.client, 'lava-acme', { sleep: noSleep }).publish(events(23));
    expect(bus.calls.map((c) => c.length)).toEqual([10, 10, 3]);
    expect(bus.calls[0]?.[0]).toMatchObject({
      EventBusName: 'lava-acme',
      Source: 'lava.test',
      DetailType: 'E0',
      Detail: '{"i":0}',
    });
  });

  it('accepts the envelope spelling "detail-type"', async () => {
    const bus = fakeBus();
    await new BusPublisher(bus.client, 'b', { sleep: noSleep }).publish([
      { source: 's', 'detail-type': 'Job Dispatched', detail: {} },
    ]);
    expect(bus.calls[0]?.[0]?.DetailType).toBe('Job Dispatched');
  });

  it('accepts PutEvents entries as built by @lava/core', async () => {
    const bus = fakeBus();
    await new BusPublisher(bus.client, 'b', { sleep: noSleep }).publish([
      { Source: 'lava.cli', DetailType: 'Dispatch Requested', Detail: '{"job_id":"j"}' },
    ]);
    expect(bus.calls[0]).toEqual([
      { EventBusName: 'b', Source: 'lava.cli', DetailType: 'Dispatch Requested', Detail: '{"job_id":"j"}' },
    ]);
  });

  it('retries only the refused entries', async () => {
    const bus = fakeBus((e, call) => call === 1 && (e.DetailType === 'E1' || e.DetailType === 'E3'));
    const delays: number[] = [];
    await new BusPublisher(bus.client, 'b', {
      sleep: async (ms) => void delays.push(ms),
      baseDelayMs: 10,
    }).publish(events(5));
    expect(bus.calls.map((c) => c.map((e) => e.DetailType))).toEqual([
      ['E0', 'E1', 'E2', 'E3', 'E4'],
      ['E1', 'E3'],
    ]);
    expect(delays).toEqual([10]);
  });

  it('throws a BusPublishError naming entries still refused after every attempt', async () => {
    const bus = fakeBus((e) => e.DetailType === 'E2');
    const publishing = new BusPublisher(bus.client, 'lava-acme', { sleep: noSleep, maxAttempts: 3 }).publish(
      events(4),
    );
    await expect(publishing).rejects.toBeInstanceOf(BusPublishError);
    await expect(publishing).rejects.toMatchObject({
      failures: [{ detailType: 'E2', errorCode: 'InternalFailure' }],
      retryable: true,
    });
    expect(bus.calls).toHaveLength(3);
  });
});
