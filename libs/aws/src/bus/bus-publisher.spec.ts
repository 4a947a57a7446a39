import { EventBridgeClient, type PutEventsCommand } from '@aws-sdk/client-eventbridge';
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

/**
 * A real EventBridge client over a fake HTTP handler (no network): `steps` lists, in order, the
 * credentials being read (the SDK's pipeline under way, just before signing) and each HTTP call.
 */
function sdkBus() {
  const steps: string[] = [];
  const requests: { headers: Record<string, string>; entries: number }[] = [];
  const client = new EventBridgeClient({
    region: 'us-east-1',
    endpoint: 'http://bus.test',
    credentials: async () => {
      steps.push('credentials');
      return { accessKeyId: 'test', secretAccessKey: 'test' };
    },
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body: Uint8Array }) => {
        steps.push('http');
        const text = Buffer.from(request.body).toString();
        const entries = (JSON.parse(text) as { Entries: unknown[] }).Entries;
        requests.push({ headers: request.headers, entries: entries.length });
        const body = { FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: 'id' })) };
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: Buffer.from(JSON.stringify(body)),
          },
        };
      },
    },
  });
  return { client, steps, requests };
}

/** Resolves once `done()` holds (the SDK's pipeline runs over several turns of the event loop). */
async function until(done: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5_000; !done();) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setImmediate(resolve));
  }
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

  describe('prepare', () => {
    it('builds and signs each batch ahead and sends nothing before send()', async () => {
      const bus = sdkBus();
      const ready = new BusPublisher(bus.client, 'lava-acme').prepare(events(12));
      await until(() => bus.steps.includes('credentials'));
      // The rest of the pipeline (serialising, signing) takes no I/O: a few turns complete it.
      for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(bus.steps).not.toContain('http');
      await ready.send();
      expect(bus.steps.filter((s) => s === 'http')).toHaveLength(2);
      expect(bus.steps.indexOf('http')).toBeGreaterThan(bus.steps.indexOf('credentials'));
      expect(bus.requests[0]?.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 /);
      expect(bus.requests.map((r) => r.entries)).toEqual([10, 2]);
    });

    it('retries the refused entries of a prepared batch like publish', async () => {
      const bus = fakeBus((e, call) => call === 1 && e.DetailType === 'E1');
      await new BusPublisher(bus.client, 'b', { sleep: noSleep }).prepare(events(3)).send();
      expect(bus.calls.map((c) => c.map((e) => e.DetailType))).toEqual([['E0', 'E1', 'E2'], ['E1']]);
    });

    it('rejects send with the BusPublishError of entries still refused', async () => {
      const bus = fakeBus((e) => e.DetailType === 'E0');
      const ready = new BusPublisher(bus.client, 'b', { sleep: noSleep, maxAttempts: 2 }).prepare(events(1));
      await expect(ready.send()).rejects.toBeInstanceOf(BusPublishError);
    });
  });
});
