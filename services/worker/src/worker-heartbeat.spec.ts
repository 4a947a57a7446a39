import { NO_TELEMETRY } from '@lava/core';
import { Logger } from '@lava/logging';
import { WorkerHeartbeat } from './worker-heartbeat';

describe('WorkerHeartbeat', () => {
  const setup = (depth: () => Promise<{ visible: number; in_flight: number }>) => {
    const lines: string[] = [];
    const logger = new Logger(
      { service: 'worker', realm: 'r1', worker: 'core' },
      { level: 'error', sink: (l) => lines.push(l) },
    );
    const recorded: unknown[] = [];
    const telemetry = { ...NO_TELEMETRY, record: (...args: unknown[]) => void recorded.push(args) };
    const beat = new WorkerHeartbeat({
      realm: 'r1',
      worker: 'core',
      periodSeconds: 60,
      depth,
      inFlight: () => 2,
      telemetry,
      logger,
    });
    return { beat, lines, recorded };
  };

  it("writes the original's heartbeat line whatever the log level, and samples the backlog", async () => {
    const { beat, lines, recorded } = setup(async () => ({ visible: 5, in_flight: 1 }));
    await beat.beat();
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: 'heartbeat realm=r1 worker=core',
      realm: 'r1',
      worker: 'core',
      event_source: 'lava-worker',
      event_type: 'heartbeat',
      sqs: { messages: 5, notvisible: 1 },
      internal: { qlen: 2 },
      threads: { consumer: 'OK', heartbeat: 'OK' },
    });
    expect(recorded).toEqual([['queueBacklog', 5, { realm: 'r1', worker: 'core' }]]);
  });

  it('reports -1 when the queue cannot be read, and still beats', async () => {
    const { beat, lines, recorded } = setup(() => Promise.reject(new Error('throttled')));
    await beat.beat();
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ sqs: { messages: -1, notvisible: -1 } });
    expect(recorded).toEqual([]);
  });
});
