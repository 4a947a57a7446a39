import { randomBytes } from 'node:crypto';
import { pollUntil } from '@lava/errors';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '@lava/testing';
import { putDispatchEvent, startE2eRealm, type E2eRealm } from '../support/e2e-realm';

jest.setTimeout(120_000);

/** One run, one trace: spans exported over OTLP by the dispatcher, worker and audit logger. */
describe('tracing across services (OTLP/HTTP JSON receiver in the test)', () => {
  let receiver: OtlpReceiver;
  let e: E2eRealm;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    e = await startE2eRealm({
      serviceEnv: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_METRIC_EXPORT_INTERVAL: '500',
      },
    });
    await e.putJobs([
      {
        job_id: 'traced',
        type: 'cmd',
        worker: 'core',
        enabled: true,
        payload: 'true',
        on_success: [{ action: 'log', message: 'done' }],
      },
    ]);
  });
  afterAll(async () => {
    await e?.stop();
    await receiver?.close();
  });

  it('a dispatch request carrying a traceparent yields one trace through three services', async () => {
    const traceId = randomBytes(16).toString('hex');
    await putDispatchEvent(e, {
      schema_version: 1,
      job_id: 'traced',
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    });
    await e.waitForStatus('traced', 'complete');
    const inTrace = () => receiver.spans().filter((s) => s.traceId === traceId);
    const wanted = [
      'lava.dispatch',
      'lava.run',
      'lava.intake',
      'lava.iteration',
      'lava.handler',
      'lava.actions',
      'lava.audit.write',
    ];
    const spans = await pollUntil(
      async () => {
        const names = new Set(inTrace().map((s) => s.name));
        const audited = auditedStatuses(inTrace());
        return wanted.every((n) => names.has(n)) && audited.includes('complete') ? inTrace() : undefined;
      },
      { what: `spans ${wanted.join(', ')} in trace ${traceId}`, timeoutMs: 30_000 },
    );
    expect(new Set(spans.map((s) => s.service))).toEqual(
      new Set(['lava-dispatcher', 'lava-worker', 'lava-audit-logger']),
    );
    const one = (name: string) => spans.find((s) => s.name === name)!;
    const runId = one('lava.dispatch').attributes['lava.run_id'];
    expect(one('lava.dispatch').attributes).toMatchObject({ 'lava.realm': e.realm, 'lava.job_id': 'traced' });
    expect(one('lava.run').attributes).toMatchObject({
      'lava.realm': e.realm,
      'lava.job_id': 'traced',
      'lava.run_id': runId,
    });
    // The worker's run is the child of the dispatch; the handler runs inside an iteration.
    expect(one('lava.run').parentSpanId).toBe(one('lava.dispatch').spanId);
    expect(one('lava.handler').parentSpanId).toBe(one('lava.iteration').spanId);
    expect(auditedStatuses(spans)).toEqual(expect.arrayContaining(['dispatched', 'starting', 'complete']));
  });

  it('exports run metrics over OTLP', async () => {
    await pollUntil(
      async () => {
        const names = receiver.metricNames();
        return (
          ['lava.runs', 'lava.run.start_delay', 'lava.run.duration'].every((n) => names.has(n)) || undefined
        );
      },
      { what: 'run metrics', timeoutMs: 30_000 },
    );
  });
});

/** Statuses the audit logger wrote in the trace. */
function auditedStatuses(spans: readonly ReceivedSpan[]): unknown[] {
  return spans.filter((s) => s.name === 'lava.audit.write').map((s) => s.attributes['lava.status']);
}
