import { Logger } from '@lava/logging';
import { bootstrapService, type RunningService } from './bootstrap';
import { HealthModule } from './health.module';

describe('bootstrapService with the health module (real HTTP on a free port)', () => {
  let ready: Record<string, unknown> | false = false;
  const lines: string[] = [];
  let service: RunningService;

  beforeAll(async () => {
    service = await bootstrapService({
      module: HealthModule.forProbe(() => Promise.resolve(ready)),
      logger: new Logger({ service: 'probe' }, { level: 'error', sink: (l) => void lines.push(l) }),
      healthPort: 0,
      healthHost: '127.0.0.1',
    });
  });

  afterAll(() => service?.app.close());

  const get = (path: string) => fetch(`http://127.0.0.1:${service.healthPort}${path}`);

  it('logs ready with the port it bound, whatever the log level', () => {
    const readyLine = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'ready');
    expect(readyLine).toMatchObject({ service: 'probe', health_port: service.healthPort });
  });

  it('answers /health/live while the process runs', async () => {
    const res = await get('/health/live');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', info: { process: { status: 'up' } } });
  });

  it('answers /health/ready with 503 until the probe passes, then 200 with its detail', async () => {
    ready = false;
    expect((await get('/health/ready')).status).toBe(503);
    ready = { queue: 'lava-demo-core' };
    const res = await get('/health/ready');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ info: { service: { status: 'up', queue: 'lava-demo-core' } } });
  });
});
